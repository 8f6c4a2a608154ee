package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.berth.sys.Fd.O_DIRECTORY;
import static dev.berth.sys.Fd.O_NOFOLLOW;
import static dev.berth.sys.Fd.O_PATH;
import static dev.berth.sys.Fd.O_RDONLY;
import static dev.berth.sys.Fd.RESOLVE_BENEATH;
import static dev.berth.sys.Fd.RESOLVE_NO_MAGICLINKS;
import static dev.berth.sys.Fd.RESOLVE_NO_SYMLINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
class FdTest {

    @TempDir
    Path dir;

    private final MountTracker mounts = new MountTracker();
    private Path base;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        RootRequired.assumeRoot();
        base = Files.createDirectories(dir.resolve("base"));
        outside = Files.writeString(dir.resolve("outside"), "secret");
        Files.createDirectories(base.resolve("sub/deeper"));
        Files.writeString(base.resolve("sub/deeper/file"), "inside");
        Files.createSymbolicLink(base.resolve("abs-escape"), outside);
        Files.createSymbolicLink(base.resolve("rel-inside"), Path.of("sub/deeper"));
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.close();
    }

    private Fd openBase() throws ErrnoException {
        return Fd.open(base, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0);
    }

    @Test
    void openat2_beneathInside_opens() throws IOException {
        try (Fd root = openBase(); Fd f = root.openat2("sub/deeper/file", O_RDONLY, 0, RESOLVE_BENEATH)) {
            assertThat(f.fstat().ino()).isEqualTo(FileSys.lstat(base.resolve("sub/deeper/file")).ino());
            assertThat(Files.readString(Path.of(f.procPath()))).isEqualTo("inside");
            assertThat(f.path()).isEqualTo(base + "/sub/deeper/file");
        }
    }

    @Test
    void openat2_beneathDotDotWithinBase_opens() throws IOException {
        try (Fd root = openBase(); Fd f = root.openat2("sub/deeper/../deeper/file", O_RDONLY, 0, RESOLVE_BENEATH)) {
            assertThat(f.fstat().isRegularFile()).isTrue();
        }
    }

    @Test
    void openat2_beneathDotDotEscape_exdev() throws IOException {
        try (Fd root = openBase()) {
            assertThatThrownBy(() -> root.openat2("../outside", O_RDONLY, 0, RESOLVE_BENEATH))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EXDEV))
                    .hasMessage("openat2 " + base + "/../outside: invalid cross-device link");
        }
    }

    @Test
    void openat2_beneathAbsoluteSymlinkOutside_exdev() throws IOException {
        try (Fd root = openBase()) {
            assertThatThrownBy(() -> root.openat2("abs-escape", O_RDONLY, 0, RESOLVE_BENEATH))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EXDEV));
        }
    }

    @Test
    void openat2_beneathRelativeSymlinkInside_followed() throws IOException {
        try (Fd root = openBase(); Fd f = root.openat2("rel-inside/file", O_RDONLY, 0, RESOLVE_BENEATH)) {
            assertThat(f.fstat().size()).isEqualTo("inside".length());
        }
    }

    @Test
    void openat2_noSymlinks_eloop() throws IOException {
        try (Fd root = openBase()) {
            assertThatThrownBy(() -> root.openat2("rel-inside/file", O_RDONLY, 0,
                    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP))
                    .hasMessage("openat2 " + base + "/rel-inside/file: too many levels of symbolic links");
        }
    }

    @Test
    void openat2_missing_enoent() throws IOException {
        try (Fd root = openBase()) {
            assertThatThrownBy(() -> root.openat2("nope", O_RDONLY, 0, RESOLVE_BENEATH))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }

    @Test
    void procPath_ofOpathDirectory_usableAsBindSource() throws IOException {
        Path target = mounts.track(Files.createDirectories(dir.resolve("target")));
        try (Fd root = openBase(); Fd sub = root.openat2("sub", O_PATH | O_DIRECTORY, 0,
                RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)) {
            assertThat(sub.procPath()).isEqualTo("/proc/self/fd/" + sub.fd());

            LinuxMount.bind(sub.procPath(), target.toString(), false);
        }

        assertThat(Files.readString(target.resolve("deeper/file"))).isEqualTo("inside");
        assertThat(MountInfo.mountOf(target).orElseThrow().root()).endsWith("/base/sub");
    }

    @Test
    void openat_relativeToDirectory_opensAndCreates() throws IOException {
        try (Fd root = Fd.open(base, O_RDONLY | O_DIRECTORY, 0);
             Fd created = root.openat("new", Fd.O_CREAT | Fd.O_EXCL | Fd.O_WRONLY, 0600)) {
            assertThat(created.fstat().permissions()).isEqualTo(0600);
            assertThatThrownBy(() -> root.openat("new", Fd.O_CREAT | Fd.O_EXCL | Fd.O_WRONLY, 0600))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                    .hasMessage("openat " + base + "/new: file exists");
        }
        assertThat(base.resolve("new")).exists();
    }

    @Test
    void open_directoryFlagOnFile_enotdir() {
        Path file = base.resolve("sub/deeper/file");

        assertThatThrownBy(() -> Fd.open(file, O_RDONLY | O_DIRECTORY, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
    }

    @Test
    void open_always_closeOnExec() throws IOException {
        try (Fd f = Fd.open(base, O_RDONLY, 0)) {
            String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + f.fd()));
            long flags = Long.parseLong(fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .substring("flags:".length()).strip(), 8);
            assertThat(flags & Fd.O_CLOEXEC).isEqualTo(Fd.O_CLOEXEC);
        }
    }

    @Test
    void close_twice_idempotentAndDescriptorReleased() throws IOException {
        Fd f = Fd.open(base, O_RDONLY, 0);
        int n = f.fd();

        f.close();
        f.close();

        assertThat(Path.of("/proc/self/fd/" + n)).satisfiesAnyOf(
                p -> assertThat(Files.exists(p)).isFalse(),
                // The number may already have been reused by another thread of the JVM.
                p -> assertThat(Files.readSymbolicLink(p)).isNotEqualTo(base));
    }
    /** The descriptor-based calls an extraction makes: create, write, chown, xattr, chmod (all twelve bits), times. */
    @Test
    void descriptorCalls_writeOwnModeXattrTimes_andLstatAtDoesNotFollow() throws IOException {
        byte[] content = new byte[300_000];
        new java.util.Random(5).nextBytes(content);
        try (Fd d = Fd.open(base, O_PATH | O_DIRECTORY, 0);
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment seg = arena.allocate(content.length);
            java.lang.foreign.MemorySegment.copy(content, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                    content.length);
            try (Fd f = d.openat("made", Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL | O_NOFOLLOW, 0600)) {
                f.writeFully(seg, content.length);
                f.chown(123, 456);
                f.setXattr("user.bin", new byte[] {(byte) 0xff, 0, 1});
                f.chmod(04751);
                f.setTimes(1_000, 5, 1_580_702_706L, 7);
            }
            Stat st = d.lstatAt("made");
            assertThat(st.isRegularFile()).isTrue();
            assertThat(st.size()).isEqualTo(content.length);
            assertThat(st.uid()).isEqualTo(123);
            assertThat(st.gid()).isEqualTo(456);
            assertThat(st.permissions()).isEqualTo(04751);
            assertThat(st.mtimeSec()).isEqualTo(1_580_702_706L);
            assertThat(st.mtimeNsec()).isEqualTo(7);
            assertThat(st.atimeSec()).isEqualTo(1_000);
            assertThat(Files.readAllBytes(base.resolve("made"))).isEqualTo(content);
            assertThat(FileSys.lgetxattr(base.resolve("made"), "user.bin")).containsExactly(0xff, 0, 1);
            assertThat(d.lstatAt("abs-escape").isSymlink()).isTrue();
            assertThatThrownBy(() -> d.lstatAt("missing")).isInstanceOfSatisfying(ErrnoException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            assertThatThrownBy(() -> d.openat("made", Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL, 0600))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        }
    }
}
