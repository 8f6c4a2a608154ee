package dev.berth.image;

import dev.berth.archive.TarWriter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import dev.berth.store.Database;
import dev.berth.sys.FileSys;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class ArchiveTest {

    @TempDir
    Path tmp;
    final List<Database> dbs = new ArrayList<>();
    final List<Progress> progress = new ArrayList<>();

    @BeforeEach
    void requireRoot() {
        assumeTrue(FileSys.geteuid() == 0, "needs root to unpack layers");
    }

    @AfterEach
    void close() {
        dbs.forEach(Database::close);
    }

    private ImageService store(String name) {
        Database db = Database.open(tmp.resolve(name).resolve("berth.db"));
        dbs.add(db);
        return ImageService.open(tmp.resolve(name), db, ImageUsage.NONE);
    }

    private static byte[] save(ImageService images, String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of(names), out);
        return out.toByteArray();
    }

    private List<String> load(ImageService images, byte[] archive) {
        return images.load(new ByteArrayInputStream(archive), false, progress::add);
    }

    private List<String> lines() {
        return progress.stream().filter(p -> p instanceof Progress.Line).map(p -> ((Progress.Line) p).text())
                .toList();
    }

    @Test
    void saveThenLoad_freshStore_sameIdTagsAndFiles() {
        ImageService source = store("a");
        String id = source.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()),
                ImportOptions.of("busybox").withChanges(List.of("CMD [\"sh\"]")), p -> { });
        source.tag(id, "localhost:5000/bb", "v1");
        byte[] archive = save(source, "busybox", "localhost:5000/bb:v1");

        ImageService target = store("b");
        List<String> loaded = load(target, archive);

        assertThat(loaded).containsExactly(id);
        assertThat(target.inspect(id).repoTags()).containsExactly("busybox:latest", "localhost:5000/bb:v1");
        assertThat(target.config(id).cmd()).containsExactly("sh");
        assertThat(lines()).containsExactly("Loaded image: busybox:latest\n", "Loaded image: localhost:5000/bb:v1\n");
        assertThat(progress).filteredOn(p -> p instanceof Progress.Bar).isNotEmpty()
                .allSatisfy(p -> assertThat(((Progress.Bar) p).action()).isEqualTo("Loading layer"));
        assertThat(target.layerPaths(id).getFirst().resolve("bin/busybox")).exists();
        assertThat(save(target, id)).isNotEmpty();
    }

    @Test
    void save_archiveLayout_dockerAndOciIndexes() throws IOException {
        ImageService images = store("a");
        String id = images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()),
                ImportOptions.of("busybox:1.36"), p -> { });
        String diffId = Digests.of(TarBuilder.busyboxRootfs());

        Map<String, byte[]> entries = entries(save(images, "busybox:1.36"));

        assertThat(entries.keySet()).containsExactly("blobs/", "blobs/sha256/",
                "blobs/sha256/" + Digests.hex(diffId), "blobs/sha256/" + Digests.hex(id),
                entries.keySet().stream().filter(n -> n.startsWith("blobs/sha256/") && n.length() > 20
                        && !n.endsWith(Digests.hex(id)) && !n.endsWith(Digests.hex(diffId))).findFirst().orElseThrow(),
                "index.json", "manifest.json", "oci-layout", "repositories");
        assertThat(Digests.of(entries.get("blobs/sha256/" + Digests.hex(diffId)))).isEqualTo(diffId);
        assertThat(Digests.of(entries.get("blobs/sha256/" + Digests.hex(id)))).isEqualTo(id);
        JsonNode manifest = Json.MAPPER.readTree(entries.get("manifest.json"));
        assertThat(manifest.get(0).get("Config").asText()).isEqualTo("blobs/sha256/" + Digests.hex(id));
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("busybox:1.36");
        assertThat(manifest.get(0).get("Layers").get(0).asText()).isEqualTo("blobs/sha256/" + Digests.hex(diffId));
        JsonNode index = Json.MAPPER.readTree(entries.get("index.json"));
        assertThat(index.at("/manifests/0/annotations/io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/busybox:1.36");
        assertThat(new String(entries.get("repositories"), StandardCharsets.UTF_8))
                .isEqualTo("{\"busybox\":{\"1.36\":\"" + Digests.hex(diffId) + "\"}}\n");
    }

    @Test
    void load_ociLayoutWithoutManifestJson_tagsFromAnnotations() throws IOException {
        ImageService source = store("a");
        String id = source.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()),
                ImportOptions.of("registry.example.com/team/app:2"), p -> { });
        byte[] oci = rewrite(save(source, id, "registry.example.com/team/app:2"), n -> !n.equals("manifest.json"));

        ImageService target = store("b");
        assertThat(load(target, oci)).containsExactly(id);

        assertThat(target.inspect(id).repoTags()).containsExactly("registry.example.com/team/app:2");
    }

    @Test
    void load_classicTwoLayerArchiveWithGzipLayers_loaded() {
        byte[] base = TarBuilder.busyboxRootfs();
        byte[] top = new TarBuilder().dir("etc", 0755).file("etc/motd", "hello", 0644).whiteout("etc/group").build();
        byte[] config = ArchiveBuilder.config(List.of(base, top), "2024-01-02T03:04:05.123456789Z", "sh");
        ImageService images = store("a");

        List<String> ids = load(images, ArchiveBuilder.classic(List.of(base, top), List.of("two:layers"), config,
                true));

        assertThat(ids).containsExactly(Digests.of(config));
        Image image = images.inspect("two:layers");
        assertThat(image.diffIds()).containsExactly(Digests.of(base), Digests.of(top));
        assertThat(image.created()).hasToString("2024-01-02T03:04:05.123456789Z");
        assertThat(images.layerPaths("two:layers")).hasSize(2);
    }

    @Test
    void load_untaggedImage_printsLoadedImageId() {
        byte[] layer = new TarBuilder().file("f", "x", 0644).build();
        byte[] config = ArchiveBuilder.config(List.of(layer), "2024-01-01T00:00:00Z", "x");
        ImageService images = store("a");

        load(images, ArchiveBuilder.classic(List.of(layer), List.of(), config, false));

        assertThat(lines()).containsExactly("Loaded image ID: " + Digests.of(config) + "\n");
    }

    @Test
    void load_twiceAndRetag_layersReusedAndRenameReported() {
        byte[] layer = new TarBuilder().file("f", "x", 0644).build();
        byte[] c1 = ArchiveBuilder.config(List.of(layer), "2024-01-01T00:00:00Z", "one");
        byte[] c2 = ArchiveBuilder.config(List.of(layer), "2024-01-01T00:00:00Z", "two");
        ImageService images = store("a");
        load(images, ArchiveBuilder.classic(List.of(layer), List.of("app:latest"), c1, false));
        progress.clear();

        load(images, ArchiveBuilder.classic(List.of(layer), List.of("app:latest"), c2, false));

        assertThat(progress).noneMatch(p -> p instanceof Progress.Bar);
        assertThat(lines()).containsExactly("The image app:latest already exists, renaming the old one with ID "
                + Digests.of(c1) + " to empty string\n", "Loaded image: app:latest\n");
        assertThat(images.inspect(Digests.of(c1)).repoTags()).isEmpty();
    }

    @Test
    void load_layerNotMatchingDiffId_refusedAndNothingKept() {
        byte[] layer = new TarBuilder().file("f", "x", 0644).build();
        byte[] other = new TarBuilder().file("f", "y", 0644).build();
        byte[] config = ArchiveBuilder.config(List.of(layer), "2024-01-01T00:00:00Z", "x");
        ImageService images = store("a");

        assertThatThrownBy(() -> load(images, ArchiveBuilder.classic(List.of(other), List.of("bad:1"), config,
                false)))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid diffID for layer: expected \"" + Digests.of(layer) + "\", got \""
                        + Digests.of(other) + "\"");
        assertThat(images.list(new ImageListOptions(true, Map.of()))).isEmpty();
        assertThat(tmp.resolve("a/image/layers").toFile().list()).isEmpty();
        assertThat(tmp.resolve("a/image/tmp").toFile().list()).isEmpty();
    }

    @Test
    void load_notAnImageArchive_refused() {
        ImageService images = store("a");

        assertThatThrownBy(() -> load(images, new TarBuilder().file("hello", "x", 0644).build()))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid image archive: it has neither manifest.json nor index.json");
    }

    @Test
    void save_unknownName_failsBeforeWriting() {
        ImageService images = store("a");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> images.save(List.of("nope:1"), out))
                .isInstanceOf(NoSuchImageException.class).hasMessage("No such image: nope:1");
        assertThat(out.size()).isZero();
    }

    static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** Copies a tar keeping only the entries whose names pass {@code keep}. */
    static byte[] rewrite(byte[] tar, Predicate<String> keep) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!keep.test(e.getName())) {
                    continue;
                }
                byte[] data = in.readAllBytes();
                InputStream content = new ByteArrayInputStream(data);
                w.writeEntry(new TarWriter.Header(e.getName(), e.isDirectory() ? TarWriter.DIR : TarWriter.REG,
                        e.getMode(), 0, 0, data.length, 0, "", 0, 0, null), content);
            }
        }
        w.finish();
        return out.toByteArray();
    }
}
