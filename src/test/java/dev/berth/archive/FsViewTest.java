package dev.berth.archive;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Path resolution in a container's filesystem view: symlinks followed inside the view (absolute ones from its
 * root), ".." stopped at the root, mount destinations continued in their sources, ELOOP after 255 links. Real
 * directories; the view mounts nothing.
 */
class FsViewTest {

    @TempDir
    Path tmp;
    Path rootfs;
    Path volume;
    Path bindFile;
    FsView view;

    @BeforeEach
    void tree() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        volume = Files.createDirectories(tmp.resolve("volume"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root\n");
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(rootfs.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(rootfs.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(rootfs.resolve("dangling"), Path.of("/nowhere/file"));
        Files.writeString(volume.resolve("v.txt"), "in volume\n");
        Files.createSymbolicLink(volume.resolve("toetc"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(volume.resolve("parent"), Path.of(".."));
        bindFile = Files.writeString(tmp.resolve("bound.conf"), "bound\n");
        view = FsView.open(rootfs, List.of(
                new FsView.ViewMount("/data", volume, true, true),
                new FsView.ViewMount("/etc/bound.conf", bindFile, false, false)));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        view.close();
    }

    @ParameterizedTest(name = "{0} (follow last: {1}) -> {2}")
    @CsvSource({
            "/etc/passwd, false, /etc/passwd",
            "etc/passwd, false, /etc/passwd",
            "/lib, false, /lib",
            "/lib, true, /usr/lib",
            "/lib/, true, /usr/lib",
            "/abs/passwd, false, /etc/passwd",
            "/up, true, /",
            "/up/etc/passwd, false, /etc/passwd",
            "/../../etc/passwd, false, /etc/passwd",
            "/data, false, /data",
            "/data/v.txt, false, /data/v.txt",
            "/data/toetc, false, /data/toetc",
            "/data/toetc, true, /etc/passwd",
            "/data/parent/etc, true, /etc",
            "/data/../etc, false, /etc",
            "/etc/bound.conf, false, /etc/bound.conf",
            "/etc/missing, false, /etc/missing",
            "/, false, /",
    })
    void resolvesInsideTheView(String path, boolean followLast, String expected) throws ErrnoException {
        try (FsView.Location l = view.resolve(path, followLast)) {
            assertThat(l.path).isEqualTo(expected);
        }
    }

    @Test
    void mountsAndTheirFlags() throws IOException {
        try (FsView.Location l = view.resolve("/data/v.txt", false)) {
            assertThat(Files.readString(l.hostPath())).isEqualTo("in volume\n");
            assertThat(l.mount.volume()).isTrue();
            assertThat(FsView.writable(l)).isTrue();
        }
        try (FsView.Location l = view.resolve("/etc/bound.conf", false)) {
            assertThat(l.name).isEmpty();
            assertThat(l.lstat().isRegularFile()).isTrue();
            assertThat(FsView.writable(l)).isFalse();
            try (var f = l.open()) {
                assertThat(Files.readString(Path.of(f.procPath()))).isEqualTo("bound\n");
            }
        }
        try (FsView.Location l = view.resolve("/data/toetc", true)) {
            assertThat(l.mount).isNull();
            assertThat(Files.readString(l.hostPath())).isEqualTo("root\n");
        }
    }

    @Test
    void stat_linkTargets_resolvedInScope_lexicalPastAMissingDirectory() throws IOException {
        assertThat(TreeArchive.stat(view, "/abs").linkTarget()).isEqualTo("/etc");
        assertThat(TreeArchive.stat(view, "/lib").linkTarget()).isEqualTo("/usr/lib");
        assertThat(TreeArchive.stat(view, "/up").linkTarget()).isEqualTo("/");
        assertThat(TreeArchive.stat(view, "/dangling").linkTarget()).isEqualTo("/nowhere/file");
        assertThat(TreeArchive.stat(view, "/data/toetc").linkTarget()).isEqualTo("/etc/passwd");
        assertThat(TreeArchive.stat(view, "/lib/").name()).isEqualTo("lib");
        assertThat(TreeArchive.stat(view, "/lib/").mode()).isEqualTo((1L << 31) | 0755);
        assertThat(TreeArchive.stat(view, "/").name()).isEqualTo("/");
    }

    @Test
    void trailingSlashOrDot_onAFile_isNotADirectory() {
        for (String path : new String[] {"/etc/passwd/", "/etc/passwd/.", "/etc/bound.conf/"}) {
            assertThatThrownBy(() -> view.resolve(path, true)).as(path)
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
        }
    }

    @Test
    void holdsMount_theMountPointAndWhatContainsIt() {
        assertThat(view.holdsMount("/data")).isTrue();
        assertThat(view.holdsMount("/etc")).isTrue();
        assertThat(view.holdsMount("/")).isTrue();
        assertThat(view.holdsMount("/dat")).isFalse();
        assertThat(view.holdsMount("/data/v.txt")).isFalse();
    }

    @Test
    void mountThroughASymlinkedDestination_isWhereTheLinkLeads() throws IOException {
        Path volume2 = Files.createDirectories(tmp.resolve("volume2"));
        Files.writeString(volume2.resolve("in.txt"), "v2\n");
        try (FsView v = FsView.open(rootfs,
                List.of(new FsView.ViewMount("/lib/sub", volume2, true, true)))) {
            try (FsView.Location l = v.resolve("/lib/sub/in.txt", false)) {
                assertThat(l.path).isEqualTo("/usr/lib/sub/in.txt");
                assertThat(Files.readString(l.hostPath())).isEqualTo("v2\n");
            }
        }
        assertThat(rootfs.resolve("usr/lib/sub")).isDirectory();
    }

    @Test
    void tar_ofAVeryDeepTree_isComplete() throws IOException {
        Path deep = rootfs.resolve("deep");
        Files.createDirectories(deep);
        StringBuilder rel = new StringBuilder("deep");
        try (var fd = dev.berth.sys.Fd.open(deep, dev.berth.sys.Fd.O_PATH | dev.berth.sys.Fd.O_DIRECTORY, 0)) {
            var cur = fd;
            java.util.List<dev.berth.sys.Fd> opened = new java.util.ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                Files.createDirectory(Path.of(cur.procPath(), "a"));
                cur = cur.openat("a", dev.berth.sys.Fd.O_PATH | dev.berth.sys.Fd.O_DIRECTORY, 0);
                opened.add(cur);
                rel.append("/a");
            }
            opened.forEach(dev.berth.sys.Fd::close);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TreeArchive.tar(view, "/deep", out);
        int entries = 0;
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(out.toByteArray()))) {
            String lastName = null;
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries++;
                lastName = e.getName();
            }
            assertThat(lastName).isEqualTo(rel + "/");
        }
        assertThat(entries).isEqualTo(1501);
    }

    private static byte[] tar(String... entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 3) {
                var type = entries[i + 1];
                org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
                if (type.equals("l")) {
                    e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entries[i],
                            org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(entries[i + 2]);
                } else {
                    e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                            entries[i] + (type.equals("d") ? "/" : ""));
                    e.setSize(type.equals("f") ? entries[i + 2].length() : 0);
                }
                out.putArchiveEntry(e);
                if (type.equals("f")) {
                    out.write(entries[i + 2].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void extract_followsAReplacedDirectory_notTheOneItRemembered() throws IOException {
        TreeArchive.extract(view, "/data", new java.io.ByteArrayInputStream(tar(
                        "d", "d", "", "d/x", "f", "x", "d", "l", "/etc", "d/z", "f", "z",
                        "e", "d", "", "e/y", "f", "y", "e", "f", "now a file", "g/h/i", "f", "i")),
                new TreeArchive.ExtractOptions(false, null, null));
        assertThat(volume.resolve("d")).isSymbolicLink();
        assertThat(rootfs.resolve("etc/z")).hasContent("z"); // through the symlink that replaced d
        assertThat(volume.resolve("e")).hasContent("now a file");
        assertThat(volume.resolve("g/h/i")).hasContent("i"); // implied parents
        assertThat(Files.readAttributes(volume.resolve("g"), java.nio.file.attribute.PosixFileAttributes.class)
                .permissions()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void mountpointsAreCreatedInTheRootfs_asDockerDoes() {
        assertThat(rootfs.resolve("data")).isDirectory();
        assertThat(rootfs.resolve("etc/bound.conf")).isRegularFile();
    }

    @Test
    void failures() {
        assertThatThrownBy(() -> view.resolve("/loop", true))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
        assertThatThrownBy(() -> view.resolve("/dangling", true))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> view.resolve("/missing/x", false))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> view.resolve("/etc/passwd/x", false))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
    }
}
