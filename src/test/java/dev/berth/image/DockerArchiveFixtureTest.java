package dev.berth.image;

import dev.berth.store.Database;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads an archive written by a real Docker 20.10.24 ({@code docker save fixture/base:1 fixture/child:1}): base is a
 * {@code docker import} of a small rootfs (setgid dir owned 1000, setuid file, fifo, char device, hard link,
 * symlink, a user xattr) with {@code --change}s; child adds a COPY layer. The archive uses the classic layout and
 * links the repeated base layer with a symlink.
 */
@Tag("root")
class DockerArchiveFixtureTest {

    static final String BASE = "sha256:f14ace099b617e36cd7c4d22f8afb23db28dd1dc43f1d5e4aea693dc88972e9e";
    static final String CHILD = "sha256:991867e07a43ed834daf08330111bd72ecc2403bc213da48f55c06958fd166f2";
    static final String BASE_LAYER = "sha256:337d882cb5dd53718cebef7bf3a2306209991bd54082741b36cfed808632d944";
    static final String CHILD_LAYER = "sha256:5102f5f2fd77a78c75e7f9c5b3cac01c0638ad452ff6b2e59cab13d09962e197";

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

    static byte[] fixture() throws IOException {
        try (InputStream in = DockerArchiveFixtureTest.class.getResourceAsStream("/image/docker20-save.tar")) {
            return in.readAllBytes();
        }
    }

    @Test
    void load_docker2010Archive_sameIdsTagsSizesAndConfig() throws IOException {
        ImageService images = store("a");

        List<String> ids = images.load(new ByteArrayInputStream(fixture()), false, progress::add);

        assertThat(ids).containsExactly(BASE, CHILD);
        assertThat(progress).filteredOn(p -> p instanceof Progress.Line)
                .containsExactly(new Progress.Line("Loaded image: fixture/base:1\n"),
                        new Progress.Line("Loaded image: fixture/child:1\n"));
        Image base = images.inspect("fixture/base:1");
        assertThat(base.id()).isEqualTo(BASE);
        assertThat(base.comment()).isEqualTo("fixture base");
        assertThat(base.dockerVersion()).isEqualTo("20.10.24+dfsg1");
        assertThat(Times.format(base.created())).isEqualTo("2026-11-26T16:06:11.250711574Z");
        assertThat(base.size()).isEqualTo(83);
        assertThat(base.config().env()).containsExactly("FOO=bar");
        assertThat(base.config().cmd()).containsExactly("/bin/tool");
        assertThat(base.config().labels()).isEqualTo(Map.of("org.example.fixture", "base"));
        Image child = images.inspect("fixture/child:1");
        assertThat(child.id()).isEqualTo(CHILD);
        assertThat(child.size()).isEqualTo(106);
        assertThat(child.diffIds()).containsExactly(BASE_LAYER, CHILD_LAYER);
        assertThat(child.config().env()).contains("X=1");
    }

    @Test
    void load_docker2010Archive_layerMetadataRestored() throws IOException {
        ImageService images = store("a");
        images.load(new ByteArrayInputStream(fixture()), true, p -> { });
        List<Path> layers = images.layerPaths("fixture/child:1");
        Path base = layers.get(0);

        assertThat(FileSys.lgetxattr(base.resolve("etc/motd"), "user.origin"))
                .isEqualTo("docker20".getBytes(StandardCharsets.UTF_8));
        Stat shared = FileSys.lstat(base.resolve("srv/shared"));
        assertThat(shared.permissions()).isEqualTo(02775);
        assertThat(shared.uid()).isEqualTo(1000);
        assertThat(FileSys.lstat(base.resolve("bin/tool")).permissions()).isEqualTo(04755);
        assertThat(FileSys.lstat(base.resolve("srv/fifo")).type()).isEqualTo(FileSys.S_IFIFO);
        assertThat(FileSys.lstat(base.resolve("srv/null")).rdev()).isEqualTo(FileSys.makedev(1, 3));
        assertThat(FileSys.lstat(base.resolve("etc/motd.hard")).ino())
                .isEqualTo(FileSys.lstat(base.resolve("etc/motd")).ino());
        assertThat(Files.readSymbolicLink(base.resolve("bin/motd-link"))).isEqualTo(Path.of("../etc/motd"));
        assertThat(layers.get(1).resolve("hello")).hasContent("copied by docker build");
    }

    @Test
    void saveThenLoad_dockerImages_roundTripKeepsIds() {
        ImageService first = store("a");
        first.load(new ByteArrayInputStream(fixtureUnchecked()), true, p -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        first.save(List.of("fixture/base", "fixture/child:1"), out);

        ImageService second = store("b");
        List<String> ids = second.load(new ByteArrayInputStream(out.toByteArray()), true, progress::add);

        assertThat(ids).containsExactly(BASE, CHILD);
        assertThat(second.inspect(CHILD).repoTags()).containsExactly("fixture/child:1");
        assertThat(second.inspect(BASE).repoTags()).containsExactly("fixture/base:1");
    }

    private static byte[] fixtureUnchecked() {
        try {
            return fixture();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
