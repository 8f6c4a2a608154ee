package dev.berth.image;

import dev.berth.errors.InternalException;
import dev.berth.store.Database;
import dev.berth.sys.FileSys;
import dev.berth.sys.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class ImageServiceTest {

    @TempDir
    Path dataRoot;
    Database db;
    ImageService images;
    final Map<String, List<ImageUsage.User>> users = new HashMap<>();
    final List<Progress> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        assumeTrue(FileSys.geteuid() == 0, "needs root to unpack layers");
        open();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private void open() {
        db = Database.open(dataRoot.resolve("berth.db"));
        images = ImageService.open(dataRoot, db, id -> users.getOrDefault(id, List.of()));
    }

    private void reopen() {
        db.close();
        open();
    }

    private String importBusybox(String repoTag, List<String> changes) {
        return images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()),
                ImportOptions.of(repoTag).withChanges(changes), progress::add);
    }

    @Test
    void importImage_busyboxRootfs_oneLayerImageWithConfig() throws IOException {
        String id = importBusybox("busybox", List.of("ENV PATH=/bin", "CMD [\"sh\"]", "EXPOSE 80"));

        Image image = images.inspect("busybox");
        assertThat(image.id()).isEqualTo(id).startsWith("sha256:");
        assertThat(image.repoTags()).containsExactly("busybox:latest");
        assertThat(image.architecture()).isEqualTo("amd64");
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.comment()).isEqualTo("Imported from -");
        assertThat(image.diffIds()).containsExactly(Digests.of(TarBuilder.busyboxRootfs()));
        assertThat(image.config().env()).containsExactly("PATH=/bin");
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(image.size()).isGreaterThan(Files.size(Path.of("/bin/busybox")) - 1);
        assertThat(image.created()).isNotNull();
        assertThat(progress.getLast()).isEqualTo(new Progress.Status(null, id));
        assertThat(images.layerPaths(id)).hasSize(1).allSatisfy(p -> assertThat(p.resolve("bin/busybox")).exists());
    }

    @Test
    void importImage_invalidChange_refusedBeforeReadingData() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("data must not be read");
            }
        };

        assertThatThrownBy(() -> images.importImage(untouchable,
                ImportOptions.of("x").withChanges(List.of("RUN true")), progress::add))
                .isInstanceOf(ChangeException.class)
                .hasMessage("run is not a valid change command");
        assertThatThrownBy(() -> images.importImage(untouchable, ImportOptions.of("Foo"), progress::add))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("invalid reference format: repository name (library/Foo) must be lowercase");
    }

    @Test
    void inspect_byIdForms_andUnknownNames() {
        String id = importBusybox("busybox:1.36", List.of());

        assertThat(images.inspect(id).id()).isEqualTo(id);
        assertThat(images.inspect(Digests.hex(id)).id()).isEqualTo(id);
        assertThat(images.inspect(Digests.shortId(id)).id()).isEqualTo(id);
        assertThat(images.inspect("docker.io/library/busybox:1.36").id()).isEqualTo(id);
        assertThatThrownBy(() -> images.inspect("busybox"))
                .isInstanceOf(NoSuchImageException.class).hasMessage("No such image: busybox:latest");
        assertThatThrownBy(() -> images.inspect("sha256:" + "0".repeat(64)))
                .isInstanceOf(NoSuchImageException.class).hasMessage("No such image: sha256:" + "0".repeat(64));
        assertThatThrownBy(() -> images.inspect("Busybox"))
                .isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void tagAndList_filters_matchDocker() {
        String a = importBusybox("busybox", List.of("LABEL tier=base"));
        images.tag("busybox", "localhost:5000/tools", "v1");
        String b = images.importImage(new ByteArrayInputStream(new TarBuilder().file("f", "x", 0644).build()),
                new ImportOptions("", "", "", List.of(), ""), progress::add);

        assertThat(images.list(ImageListOptions.DEFAULT)).extracting(Image::id).containsExactly(b, a);
        assertThat(images.inspect(a).repoTags()).containsExactly("busybox:latest", "localhost:5000/tools:v1");
        assertThat(list(Map.of("reference", List.of("busy*")))).extracting(Image::repoTags)
                .containsExactly(List.of("busybox:latest"));
        assertThat(list(Map.of("reference", List.of("*/tools:v1")))).extracting(Image::repoTags)
                .containsExactly(List.of("localhost:5000/tools:v1"));
        assertThat(list(Map.of("label", List.of("tier=base")))).extracting(Image::id).containsExactly(a);
        assertThat(list(Map.of("dangling", List.of("true")))).extracting(Image::id).containsExactly(b);
        assertThat(list(Map.of("dangling", List.of("false")))).extracting(Image::id).containsExactly(a);
        assertThat(list(Map.of("since", List.of("busybox")))).extracting(Image::id).containsExactly(b);
        assertThat(list(Map.of("before", List.of(b)))).extracting(Image::id).containsExactly(a);
        assertThatThrownBy(() -> list(Map.of("color", List.of("red")))).hasMessage("invalid filter 'color'");
        assertThatThrownBy(() -> list(Map.of("dangling", List.of("maybe"))))
                .hasMessage("invalid filter 'dangling=[maybe]'");
        assertThatThrownBy(() -> images.tag("busybox", "sha256", "x"))
                .hasMessage("refusing to create an ambiguous tag using digest algorithm as name");
        assertThatThrownBy(() -> images.tag("nope", "x", ""))
                .isInstanceOf(NoSuchImageException.class).hasMessage("No such image: nope:latest");
    }

    @Test
    void list_referenceFilter_goPathMatch_badPatternIsDockers500OnceAReferenceIsTried() {
        assertThat(list(Map.of("reference", List.of("[")))).isEmpty();
        String untagged = images.importImage(new ByteArrayInputStream(new TarBuilder().file("f", "x", 0644).build()),
                new ImportOptions("", "", "", List.of(), ""), progress::add);
        assertThat(list(Map.of("reference", List.of("[")))).isEmpty();

        importBusybox("busybox", List.of("LABEL tier=base"));
        assertThatThrownBy(() -> list(Map.of("reference", List.of("["))))
                .isInstanceOf(InternalException.class).hasMessage("syntax error in pattern");
        assertThatThrownBy(() -> list(Map.of("reference", List.of("nomatch", "busy\\"))))
                .isInstanceOf(InternalException.class).hasMessage("syntax error in pattern");
        // Filters Docker applies first keep the pattern from being tried.
        assertThat(list(Map.of("label", List.of("tier=other"), "reference", List.of("[")))).isEmpty();
        assertThat(list(Map.of("before", List.of(untagged), "reference", List.of("[")))).isEmpty();

        assertThat(list(Map.of("reference", List.of("[^a]usybox")))).extracting(Image::repoTags)
                .containsExactly(List.of("busybox:latest"));
        assertThat(list(Map.of("reference", List.of("[!a]usybox")))).isEmpty();
        assertThat(list(Map.of("reference", List.of("busybox:[l-l]atest")))).hasSize(1);
        assertThat(list(Map.of("reference", List.of("[x&&y]usybox")))).isEmpty();
        assertThat(list(Map.of("reference", List.of("*a*a*a*a*a*a*a*b")))).isEmpty();
    }

    private List<Image> list(Map<String, List<String>> filters) {
        return images.list(new ImageListOptions(false, filters));
    }

    @Test
    void remove_tagsThenImage_reportsUntaggedAndDeleted() {
        String id = importBusybox("busybox", List.of());
        images.tag(id, "other", "");
        String chain = Digests.of(TarBuilder.busyboxRootfs());

        assertThat(images.remove("other", false, false))
                .containsExactly(new ImageDeleteItem.Untagged("other:latest"));
        assertThat(images.remove("busybox:latest", false, false)).containsExactly(
                new ImageDeleteItem.Untagged("busybox:latest"), new ImageDeleteItem.Deleted(id),
                new ImageDeleteItem.Deleted(chain));
        assertThat(images.list(ImageListOptions.DEFAULT)).isEmpty();
        assertThat(dataRoot.resolve("image/layers").toFile().list()).isEmpty();
    }

    @Test
    void remove_containerConflicts_dockerTexts() {
        String id = importBusybox("busybox", List.of());
        String ctr = "4f1e6c1ab9d3c0d1e2f3a4b5c6d7e8f90123456789abcdef0123456789abcdef";
        users.put(id, List.of(new ImageUsage.User(ctr, false)));
        String shortId = Digests.shortId(id);

        assertThatThrownBy(() -> images.remove("busybox", false, false))
                .isInstanceOf(ImageConflictException.class)
                .hasMessage("conflict: unable to remove repository reference \"busybox\" (must force) - container "
                        + "4f1e6c1ab9d3 is using its referenced image " + shortId);
        assertThatThrownBy(() -> images.remove(shortId, false, false))
                .isInstanceOf(ImageConflictException.class)
                .hasMessage("conflict: unable to delete " + shortId + " (must be forced) - image is being used by "
                        + "stopped container 4f1e6c1ab9d3");
        users.put(id, List.of(new ImageUsage.User(ctr, true)));
        assertThatThrownBy(() -> images.remove(id, true, false))
                .isInstanceOf(ImageConflictException.class)
                .hasMessage("conflict: unable to delete " + shortId + " (cannot be forced) - image is being used by "
                        + "running container 4f1e6c1ab9d3");
        images.tag(id, "second", "");
        users.clear();
        assertThatThrownBy(() -> images.remove(shortId, false, false))
                .hasMessage("conflict: unable to delete " + shortId + " (must be forced) - image is referenced in "
                        + "multiple repositories");
        assertThat(images.remove(shortId, true, false)).contains(new ImageDeleteItem.Deleted(id));
    }

    @Test
    void remove_forcedWhileRootFsUsesLayers_keepsLayers() {
        String id = importBusybox("busybox", List.of());
        images.rootFs().create("c1", "busybox", dataRoot.resolve("containers/c1"));
        users.put(id, List.of(new ImageUsage.User("c1", false)));

        List<ImageDeleteItem> removed = images.remove(id, true, false);

        assertThat(removed).containsExactly(new ImageDeleteItem.Untagged("busybox:latest"),
                new ImageDeleteItem.Deleted(id));
        assertThat(dataRoot.resolve("image/layers").toFile().list()).hasSize(1);
        images.rootFs().remove("c1");
        assertThat(dataRoot.resolve("image/layers").toFile().list()).isEmpty();
    }

    @Test
    void reopen_afterChanges_imagesTagsAndRootFsPersist() {
        String id = importBusybox("busybox", List.of("USER nobody"));
        images.tag(id, "again", "2");
        images.rootFs().create("c1", id, dataRoot.resolve("containers/c1"));

        reopen();

        assertThat(images.inspect("again:2").id()).isEqualTo(id);
        assertThat(images.inspect("busybox").repoTags()).containsExactly("again:2", "busybox:latest");
        assertThat(images.config("busybox").user()).isEqualTo("nobody");
        assertThat(images.inspect(id).lastTagTime()).isNotNull();
        assertThat(images.rootFs().paths("c1").upper()).isDirectory();
    }

    @Test
    void reopen_crashLeftovers_cleanedAndOrphanLayersCollected() throws IOException {
        importBusybox("busybox", List.of());
        Path half = Files.createDirectories(dataRoot.resolve("image/tmp/layer-crashed/diff/bin"));
        Files.writeString(half.resolve("sh"), "partial");
        // A layer unpacked whose image was never committed (a crash in between).
        new LayerStore(dataRoot.resolve("image")).register(null,
                new ByteArrayInputStream(new TarBuilder().file("orphan", "o", 0644).build()), null);
        assertThat(dataRoot.resolve("image/layers").toFile().list()).hasSize(2);

        reopen();

        assertThat(dataRoot.resolve("image/tmp").toFile().list()).isEmpty();
        assertThat(dataRoot.resolve("image/layers").toFile().list()).hasSize(1);
        assertThat(images.inspect("busybox").repoTags()).containsExactly("busybox:latest");
    }

    @Test
    void reopen_missingLayer_imageDroppedWithTags() throws IOException {
        String id = importBusybox("busybox", List.of());
        Trees.deleteRecursively(dataRoot.resolve("image/layers"));
        Files.createDirectories(dataRoot.resolve("image/layers"));

        reopen();

        assertThatThrownBy(() -> images.inspect(id)).isInstanceOf(NoSuchImageException.class);
        assertThat(images.list(new ImageListOptions(true, Map.of()))).isEmpty();
    }

    @Test
    void importImage_concurrentSameContent_oneLayerAllTags() throws Exception {
        byte[] tar = TarBuilder.busyboxRootfs();
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                String tag = "t" + i;
                futures.add(pool.submit(() -> images.importImage(new ByteArrayInputStream(tar),
                        ImportOptions.of("same:" + tag), p -> { })));
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat(images.inspect("same:t" + i).id()).isEqualTo(futures.get(i).get());
        }
        assertThat(dataRoot.resolve("image/layers").toFile().list()).hasSize(1);
        assertThat(dataRoot.resolve("image/tmp").toFile().list()).isEmpty();
    }

    @Test
    void removeAndLoad_racing_everyStoredImageKeepsItsLayers() throws Exception {
        byte[] layer = TarBuilder.busyboxRootfs();
        byte[] config = ArchiveBuilder.config(List.of(layer), "2024-01-01T00:00:00Z", "sh");
        byte[] archive = ArchiveBuilder.classic(List.of(layer), List.of("race:1"), config, false);
        images.load(new ByteArrayInputStream(archive), true, p -> { });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 10; round++) {
                Future<?> remove = pool.submit(() -> {
                    try {
                        images.remove("race:1", true, false);
                    } catch (NoSuchImageException gone) {
                        // the other side has not loaded it again yet
                    }
                });
                Future<?> load = pool.submit(() -> images.load(new ByteArrayInputStream(archive), true, p -> { }));
                remove.get();
                load.get();
                for (Image image : images.list(new ImageListOptions(true, Map.of()))) {
                    assertThat(images.layerPaths(image.id())).allSatisfy(p -> assertThat(p).isDirectory());
                }
            }
        }
        images.load(new ByteArrayInputStream(archive), true, p -> { });
        assertThat(images.layerPaths("race:1").getFirst().resolve("bin/busybox")).exists();
    }

    @Test
    void prune_danglingByDefault_allUnusedWithDanglingFalse() {
        String tagged = importBusybox("keep", List.of());
        String dangling = images.importImage(new ByteArrayInputStream(new TarBuilder().file("f", "x", 0644).build()),
                new ImportOptions("", "", "", List.of(), ""), p -> { });
        String used = images.importImage(new ByteArrayInputStream(new TarBuilder().file("u", "y", 0644).build()),
                ImportOptions.of("used"), p -> { });
        users.put(used, List.of(new ImageUsage.User("c1", false)));

        ImagePruneResult first = images.prune(Map.of());

        assertThat(first.deleted()).contains(new ImageDeleteItem.Deleted(dangling));
        assertThat(first.spaceReclaimed()).isEqualTo(1);
        assertThat(images.inspect(tagged).id()).isEqualTo(tagged);

        ImagePruneResult second = images.prune(Map.of("dangling", List.of("false")));

        assertThat(second.deleted()).contains(new ImageDeleteItem.Untagged("keep:latest"),
                new ImageDeleteItem.Deleted(tagged));
        assertThat(images.inspect("used").id()).isEqualTo(used);
        assertThatThrownBy(() -> images.prune(Map.of("reference", List.of("x"))))
                .hasMessage("invalid filter 'reference'");
    }
}
