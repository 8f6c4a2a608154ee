package dev.berth.image;

import dev.berth.errors.NotFoundException;
import dev.berth.store.Database;
import dev.berth.sys.FileSys;
import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountInfo;
import dev.berth.sys.Stat;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class RootFsTest {

    private static final byte[] CAP = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path dataRoot;
    Database db;
    ImageService images;
    RootFs rootFs;

    @BeforeEach
    void setUp() {
        assumeTrue(FileSys.geteuid() == 0, "needs root for overlay mounts");
        db = Database.open(dataRoot.resolve("berth.db"));
        images = ImageService.open(dataRoot, db, ImageUsage.NONE);
        rootFs = images.rootFs();
    }

    @AfterEach
    void tearDown() throws IOException {
        // Unmount anything this test mounted under its data root, even when it failed half-way.
        if (db != null) {
            for (MountInfo.Entry e : MountInfo.read().reversed()) {
                if (e.mountPoint().startsWith(dataRoot.toString())) {
                    LinuxMount.unmount(e.mountPoint(), LinuxMount.MNT_DETACH);
                }
            }
            db.close();
        }
    }

    /** A two-layer image: busybox plus special files, then a layer that deletes and hides things. */
    private String twoLayerImage() {
        byte[] base = new TarBuilder()
                .dir("bin", 0755).file("bin/busybox", readBusybox(), 0755).symlink("bin/sh", "busybox")
                .dir("etc", 0755).file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644)
                .file("etc/group", "root:x:0:\n", 0644)
                .dir("data", 0755).file("data/old", "old", 0644)
                .owner(1000, 1000).file("usr-file", "mine", 0640)
                .owner(0, 0).file("suid", "s", 04755)
                .xattr("security.capability", CAP).xattr("user.color", "blue".getBytes(StandardCharsets.UTF_8))
                .file("capable", "c", 0755)
                .charDevice("null", 0666, 1, 3)
                .build();
        byte[] top = new TarBuilder()
                .dir("etc", 0755).whiteout("etc/group")
                .dir("data", 0755).opaque("data").file("data/new", "new", 0644)
                .file("hello", "from the top layer", 0644).hardlink("hello-link", "hello", 0644)
                .build();
        byte[] config = ArchiveBuilder.config(List.of(base, top), "2024-01-01T00:00:00Z", "sh");
        return images.load(new ByteArrayInputStream(ArchiveBuilder.classic(List.of(base, top), List.of("two:1"),
                config, false)), true, p -> { }).getFirst();
    }

    private static byte[] readBusybox() {
        try {
            return Files.readAllBytes(Path.of("/bin/busybox"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mount_twoLayers_mergedViewHonoursWhiteoutsAndMetadata() throws IOException {
        twoLayerImage();
        RootFs.Paths paths = rootFs.create("c1", "two:1");

        Path merged = rootFs.mount("c1");

        assertThat(merged).isEqualTo(dataRoot.resolve("containers/c1/merged"));
        assertThat(Files.readString(merged.resolve("etc/passwd"))).startsWith("root");
        assertThat(merged.resolve("etc/group")).doesNotExist();
        assertThat(merged.resolve("data/old")).doesNotExist();
        assertThat(Files.readString(merged.resolve("data/new"))).isEqualTo("new");
        assertThat(Files.readString(merged.resolve("hello"))).isEqualTo("from the top layer");
        Stat suid = FileSys.lstat(merged.resolve("suid"));
        assertThat(suid.permissions()).isEqualTo(04755);
        Stat mine = FileSys.lstat(merged.resolve("usr-file"));
        assertThat(mine.uid()).isEqualTo(1000);
        assertThat(mine.permissions()).isEqualTo(0640);
        assertThat(FileSys.lgetxattr(merged.resolve("capable"), "security.capability")).isEqualTo(CAP);
        assertThat(FileSys.lgetxattr(merged.resolve("capable"), "user.color")).isEqualTo("blue".getBytes());
        assertThat(FileSys.lstat(merged.resolve("null")).rdev()).isEqualTo(FileSys.makedev(1, 3));
        assertThat(Files.readSymbolicLink(merged.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));

        assertThat(merged.resolve(".dockerenv")).isRegularFile();
        assertThat(merged.resolve("etc/hosts")).isRegularFile();
        assertThat(Files.readSymbolicLink(merged.resolve("etc/mtab"))).isEqualTo(Path.of("/proc/mounts"));
        Files.writeString(merged.resolve("written"), "by the container");
        assertThat(paths.upper().resolve("written")).hasContent("by the container");
        assertThat(rootFs.mount("c1")).isEqualTo(merged);
    }

    @Test
    void mount_singleLayer_stillOverlay() throws IOException {
        images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()), ImportOptions.of("bb"), p -> { });
        rootFs.create("c1", "bb");

        Path merged = rootFs.mount("c1");

        assertThat(fsType(merged)).isEqualTo("overlay");
        assertThat(merged.resolve("bin/busybox")).exists();
        Files.delete(merged.resolve("etc/passwd"));
        Stat whiteout = FileSys.lstat(rootFs.paths("c1").upper().resolve("etc/passwd"));
        assertThat(whiteout.type()).isEqualTo(FileSys.S_IFCHR);
        assertThat(images.layerPaths("bb").getFirst().resolve("etc/passwd")).exists();
    }

    @Test
    void unmountAndRemove_cleanUpAndAreIdempotent() throws IOException {
        images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()), ImportOptions.of("bb"), p -> { });
        RootFs.Paths paths = rootFs.create("c1", "bb", dataRoot.resolve("elsewhere/c1"));
        rootFs.mount("c1");

        rootFs.unmount("c1");
        rootFs.unmount("c1");
        assertThat(fsType(paths.merged())).isNotEqualTo("overlay");
        rootFs.mount("c1");
        rootFs.remove("c1");
        rootFs.remove("c1");

        assertThat(paths.upper()).doesNotExist();
        assertThat(paths.init()).doesNotExist();
        assertThat(paths.work()).doesNotExist();
        assertThat(paths.merged()).doesNotExist();
        assertThat(paths.dir()).isDirectory();
        assertThatThrownBy(() -> rootFs.mount("c1")).hasMessage("no root filesystem for container c1");
    }

    private int ownerCount() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM owners")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void createUnsaved_durableOnlyWithSave_inTheCallersTransaction() throws IOException {
        images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()), ImportOptions.of("bb"), p -> { });
        String saved = "a".repeat(64);
        String unsaved = "b".repeat(64);
        rootFs.createUnsaved(saved, "bb");
        rootFs.createUnsaved(unsaved, "bb");
        db.write(tx -> tx.update("CREATE TABLE owners (id TEXT PRIMARY KEY)"));
        rootFs.save(saved, tx -> tx.update("INSERT INTO owners(id) VALUES(?)", saved));
        assertThat(rootFs.mount(unsaved)).exists();
        rootFs.unmount(unsaved);

        ImageService reopened = ImageService.open(dataRoot, db, ImageUsage.NONE);

        assertThat(reopened.rootFs().paths(saved).upper()).isDirectory();
        assertThatThrownBy(() -> reopened.rootFs().paths(unsaved)).isInstanceOf(NotFoundException.class);
        assertThat(ownerCount())
                .isEqualTo(1);
        reopened.rootFs().removeOrphans(Set.of(saved));
        assertThat(dataRoot.resolve("containers").resolve(unsaved)).doesNotExist();
        assertThat(reopened.rootFs().paths(saved).upper()).isDirectory();
        reopened.rootFs().removeOrphans(Set.of());
        assertThatThrownBy(() -> reopened.rootFs().paths(saved)).isInstanceOf(NotFoundException.class);
        assertThat(dataRoot.resolve("containers").resolve(saved).resolve("upper")).doesNotExist();
    }

    @Test
    void remove_withAlongside_oneTransaction_andTheTreesLeaveAtOnce() throws IOException {
        images.importImage(new ByteArrayInputStream(TarBuilder.busyboxRootfs()), ImportOptions.of("bb"), p -> { });
        RootFs.Paths paths = rootFs.create("c1", "bb");
        Files.writeString(paths.upper().resolve("written"), "x");
        db.write(tx -> tx.update("CREATE TABLE owners (id TEXT PRIMARY KEY)"));
        db.write(tx -> tx.update("INSERT INTO owners(id) VALUES('c1')"));

        rootFs.remove("c1", tx -> tx.update("DELETE FROM owners WHERE id = 'c1'"));

        assertThat(paths.upper()).doesNotExist();
        assertThat(paths.work()).doesNotExist();
        assertThat(paths.init()).doesNotExist();
        assertThat(ownerCount())
                .isZero();
        assertThatThrownBy(() -> rootFs.paths("c1")).isInstanceOf(NotFoundException.class);
        // Unknown container: the alongside work still runs.
        rootFs.remove("c2", tx -> tx.update("INSERT INTO owners(id) VALUES('c2')"));
        assertThat(ownerCount())
                .isEqualTo(1);
    }

    @Test
    void mount_manyLayers_longLowerdirStillMounts() throws IOException {
        List<byte[]> layers = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            layers.add(new TarBuilder().file("layer-" + i, "content " + i, 0644).whiteout("layer-" + (i - 1))
                    .build());
        }
        byte[] config = ArchiveBuilder.config(layers, "2024-01-01T00:00:00Z", "sh");
        images.load(new ByteArrayInputStream(ArchiveBuilder.classic(layers, List.of("deep:1"), config, false)), true,
                p -> { });
        rootFs.create("c1", "deep:1");

        Path merged = rootFs.mount("c1");

        try (var s = Files.list(merged)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("layer-")))
                    .containsExactly("layer-139");
        }
    }

    @Test
    void export_mergedTree_tarWithTypesOwnersXattrsAndHardLinks() throws IOException {
        twoLayerImage();
        rootFs.create("c1", "two:1");
        Files.writeString(rootFs.mount("c1").resolve("added"), "later");
        rootFs.unmount("c1");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rootFs.export("c1", out);

        Map<String, TarArchiveEntry> entries = new HashMap<>();
        Map<String, String> contents = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsKeys("bin/", "bin/busybox", "bin/sh", "etc/passwd", "data/new", "added",
                        ".dockerenv", "etc/hosts", "dev/console", "dev/pts/")
                .doesNotContainKeys("etc/group", "data/old", "./", "/");
        assertThat(contents.get("added")).isEqualTo("later");
        assertThat(entries.get("bin/sh").isSymbolicLink()).isTrue();
        assertThat(entries.get("suid").getMode() & 07777).isEqualTo(04755);
        assertThat(entries.get("usr-file").getLongUserId()).isEqualTo(1000);
        assertThat(entries.get("null").isCharacterDevice()).isTrue();
        assertThat(entries.get("null").getDevMinor()).isEqualTo(3);
        TarArchiveEntry hello = entries.get("hello");
        TarArchiveEntry link = entries.get("hello-link");
        assertThat(hello.isLink() || link.isLink()).isTrue();
        assertThat(entries.get("capable").getExtraPaxHeader("SCHILY.xattr.user.color")).isEqualTo("blue");
        assertThat(entries.get("capable").getExtraPaxHeaders()).containsKey("SCHILY.xattr.security.capability");
        assertThat(isMounted(rootFs.paths("c1").merged())).isFalse();
    }

    @Test
    void export_thenImport_roundTripsSpecialFiles() throws IOException {
        twoLayerImage();
        rootFs.create("c1", "two:1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rootFs.export("c1", out);

        images.importImage(new ByteArrayInputStream(out.toByteArray()), ImportOptions.of("flat"), p -> { });
        Path diff = images.layerPaths("flat").getFirst();

        assertThat(FileSys.lgetxattr(diff.resolve("capable"), "security.capability")).isEqualTo(CAP);
        assertThat(FileSys.lstat(diff.resolve("suid")).permissions()).isEqualTo(04755);
        assertThat(FileSys.lstat(diff.resolve("hello")).ino()).isEqualTo(FileSys.lstat(diff.resolve("hello-link"))
                .ino());
        assertThat(diff.resolve("etc/group")).doesNotExist();
        assertThat(Files.exists(diff.resolve("null"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private static String fsType(Path p) throws IOException {
        for (MountInfo.Entry e : MountInfo.read().reversed()) {
            if (e.mountPoint().equals(p.toString())) {
                return e.fsType();
            }
        }
        return "";
    }

    private static boolean isMounted(Path p) throws IOException {
        return !fsType(p).isEmpty();
    }
}
