package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
class FileSysTest {

    @TempDir
    Path dir;

    private final MountTracker mounts = new MountTracker();

    @BeforeEach
    void requireRoot() {
        RootRequired.assumeRoot();
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.close();
    }

    private Path tmpfs() throws IOException {
        Path target = mounts.track(Files.createDirectories(dir.resolve("tmpfs")));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, "size=4m");
        return target;
    }

    @Test
    void mknod_charDevice00_overlayWhiteout() throws IOException {
        Path whiteout = dir.resolve("wh");

        FileSys.mknod(whiteout, FileSys.S_IFCHR | 0, 0, 0);

        Stat st = FileSys.lstat(whiteout);
        assertThat(st.type()).isEqualTo(FileSys.S_IFCHR);
        assertThat(st.rdev()).isZero();
    }

    @Test
    void mknod_fifoAndBlockDevice_typesAndNumbers() throws IOException {
        Path fifo = dir.resolve("fifo");
        Path block = dir.resolve("blk");

        FileSys.mknod(fifo, FileSys.S_IFIFO | 0640, 0, 0);
        FileSys.mknod(block, FileSys.S_IFBLK | 0600, 259, 70000);

        assertThat(FileSys.lstat(fifo).type()).isEqualTo(FileSys.S_IFIFO);
        // The umask may remove bits but never adds any.
        assertThat(FileSys.lstat(fifo).permissions() & ~0640).isZero();
        Stat b = FileSys.lstat(block);
        assertThat(b.type()).isEqualTo(FileSys.S_IFBLK);
        assertThat(FileSys.major(b.rdev())).isEqualTo(259);
        assertThat(FileSys.minor(b.rdev())).isEqualTo(70000);
    }

    @Test
    void mknod_existing_eexist() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");

        assertThatThrownBy(() -> FileSys.mknod(f, FileSys.S_IFIFO | 0600, 0, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessage("mknod " + f + ": file exists");
    }

    @Test
    void lchown_symlink_targetUntouched() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileSys.lchown(link, 1234, 5678);

        Stat l = FileSys.lstat(link);
        assertThat(l.uid()).isEqualTo(1234);
        assertThat(l.gid()).isEqualTo(5678);
        Stat t = FileSys.lstat(target);
        assertThat(t.uid()).isZero();
        assertThat(t.gid()).isZero();
    }

    @Test
    void lchown_minusOne_leavesIdUnchanged() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        FileSys.lchown(f, 10, 20);

        FileSys.lchown(f, -1, 30);

        assertThat(FileSys.lstat(f).uid()).isEqualTo(10);
        assertThat(FileSys.lstat(f).gid()).isEqualTo(30);
    }

    @Test
    void utimesNoFollow_symlink_linkTimesSetTargetUntouched() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        FileTime targetBefore = Files.getLastModifiedTime(target);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileSys.utimesNoFollow(link, 1_000_000_000L, 5, 1_500_000_000L, 123_456_789);

        Stat l = FileSys.lstat(link);
        assertThat(l.atimeSec()).isEqualTo(1_000_000_000L);
        assertThat(l.atimeNsec()).isEqualTo(5);
        assertThat(l.mtimeSec()).isEqualTo(1_500_000_000L);
        assertThat(l.mtimeNsec()).isEqualTo(123_456_789);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(targetBefore);
        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toMillis())
                .isEqualTo(1_500_000_000_123L);
    }

    @Test
    void chmod_setgidStickySetuid_bitsKept() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        Path f = Files.writeString(dir.resolve("f"), "x");

        FileSys.chmod(d, 03775);
        FileSys.chmod(f, 04755);

        assertThat(FileSys.lstat(d).permissions()).isEqualTo(03775);
        assertThat(FileSys.lstat(d).isDirectory()).isTrue();
        assertThat(FileSys.lstat(f).permissions()).isEqualTo(04755);
    }

    @Test
    void fsync_fileAndDirectory_succeed() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");

        FileSys.fsync(f);
        FileSys.fsync(dir);

        assertThatThrownBy(() -> FileSys.fsync(dir.resolve("missing")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("openat " + dir.resolve("missing") + ": no such file or directory");
    }

    @Test
    void statfs_tmpfs_magicAndSizes() throws IOException {
        StatFs fs = FileSys.statfs(tmpfs());

        assertThat(fs.type()).isEqualTo(StatFs.TMPFS_MAGIC);
        assertThat(fs.blockSize()).isEqualTo(4096);
        assertThat(fs.blocks()).isEqualTo(1024);
        assertThat(fs.blocksFree()).isEqualTo(1024);
        assertThat(fs.blocksAvailable()).isEqualTo(1024);
        assertThat(fs.files()).isPositive();
    }

    @Test
    void statfs_readOnlyMount_flagSet() throws IOException {
        Path t = tmpfs();
        LinuxMount.mount(null, t.toString(), null, LinuxMount.MS_REMOUNT | LinuxMount.MS_RDONLY, null);

        long stRdonly = 1;
        assertThat(FileSys.statfs(t).flags() & stRdonly).isEqualTo(stRdonly);
    }

    @Test
    void lstat_regularFile_fieldsMatchJdk() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "hello");
        FileSys.lchown(f, 1000, 1001);
        FileSys.chmod(f, 0640);

        Stat st = FileSys.lstat(f);

        assertThat(st.isRegularFile()).isTrue();
        assertThat(st.size()).isEqualTo(5);
        assertThat(st.uid()).isEqualTo(1000);
        assertThat(st.gid()).isEqualTo(1001);
        assertThat(st.mode()).isEqualTo(FileSys.S_IFREG | 0640);
        assertThat(st.nlink()).isEqualTo(1);
        assertThat(st.ino()).isEqualTo((long) (Long) Files.getAttribute(f, "unix:ino"));
        assertThat(st.dev()).isEqualTo((long) (Long) Files.getAttribute(f, "unix:dev"));
        assertThat(st.mtimeSec()).isEqualTo(Files.getLastModifiedTime(f).toInstant().getEpochSecond());
        assertThat(st.ctimeSec()).isPositive();
        assertThat(st.blocks()).isNotNegative();
    }

    @Test
    void lstat_symlink_notFollowed() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/nonexistent/target"));

        Stat st = FileSys.lstat(link);

        assertThat(st.isSymlink()).isTrue();
        assertThat(st.size()).isEqualTo("/nonexistent/target".length());
    }

    @Test
    void lstat_missing_enoent() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> FileSys.lstat(missing))
                .hasMessage("lstat " + missing + ": no such file or directory");
    }

    @Test
    void lstat_100kCalls_noArenaLeak() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        long ino = FileSys.lstat(f).ino();

        for (int i = 0; i < 100_000; i++) {
            assertThat(FileSys.lstat(f).ino()).isEqualTo(ino);
        }
        for (int i = 0; i < 20_000; i++) {
            assertThatThrownBy(() -> FileSys.lstat(dir.resolve("missing"))).isInstanceOf(ErrnoException.class);
        }
    }

    @Test
    void majorMinorMakedev_roundTrip() {
        // Expected values computed with glibc's makedev() from <sys/sysmacros.h>.
        record Dev(int major, int minor, long dev) {
        }
        for (Dev d : new Dev[]{new Dev(0, 0, 0), new Dev(8, 1, 0x801), new Dev(254, 0, 0xfe00),
                new Dev(259, 70000, 0x11110370L), new Dev(4095, 255, 0xfffffL), new Dev(4096, 256, 0x100000100000L)}) {
            assertThat(FileSys.makedev(d.major(), d.minor())).as("makedev %s", d).isEqualTo(d.dev());
            assertThat(FileSys.major(d.dev())).as("major %s", d).isEqualTo(d.major());
            assertThat(FileSys.minor(d.dev())).as("minor %s", d).isEqualTo(d.minor());
        }
    }

    @Test
    void getuid_root_zero() {
        assertThat(FileSys.getuid()).isZero();
        assertThat(FileSys.geteuid()).isZero();
    }

    @Test
    void kill_liveAndDeadProcess_signal0AndEsrch() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        int pid = (int) sleeper.pid();
        FileSys.kill(pid, 0);

        FileSys.kill(pid, FileSys.SIGTERM);
        sleeper.waitFor();

        assertThatThrownBy(() -> FileSys.kill(pid, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH))
                .hasMessage("kill " + pid + ": no such process");
    }

    @Test
    void copyFileRange_fileToFile_bytesCopied() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path src = Files.write(dir.resolve("src"), content);
        Path dst = dir.resolve("dst");
        try (Fd in = Fd.open(src, Fd.O_RDONLY, 0); Fd out = Fd.open(dst, Fd.O_WRONLY | Fd.O_CREAT, 0644)) {
            long total = 0;
            long n;
            while ((n = FileSys.copyFileRange(in.fd(), out.fd(), 1 << 20)) > 0) {
                total += n;
            }
            assertThat(total).isEqualTo(content.length);
        }

        assertThat(Files.readAllBytes(dst)).isEqualTo(content);
    }

    @Test
    void copyFileRange_badDescriptor_ebadf() {
        assertThatThrownBy(() -> FileSys.copyFileRange(-1, -1, 10))
                .hasMessage("copy_file_range: bad file descriptor");
    }
}
