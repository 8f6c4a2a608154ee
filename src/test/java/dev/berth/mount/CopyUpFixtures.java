package dev.berth.mount;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;
import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountInfo;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers for the copy-up and safe-path tests: root check, metadata setters, descriptor counting, shell. */
final class CopyUpFixtures {
    static final int UID = 1234;
    static final int GID = 5678;

    private CopyUpFixtures() {
    }

    static void assumeRoot() {
        assumeTrue(FileSys.geteuid() == 0, "needs root");
    }

    /** Sets owner, mode (not for symlinks) and distinct nanosecond times derived from {@code seed}. */
    static void meta(Path p, int uid, int gid, int mode, int seed) throws ErrnoException {
        FileSys.lchown(p, uid, gid);
        if (!FileSys.lstat(p).isSymlink()) {
            FileSys.chmod(p, mode);
        }
        times(p, seed);
    }

    static void times(Path p, int seed) throws ErrnoException {
        FileSys.utimesNoFollow(p, 1_000_000_000L + seed, 111_000_000L + seed, 1_100_000_000L + seed,
                222_000_000L + seed);
    }

    /** Owner, full mode, rdev, atime and mtime: what a copy must preserve, as one comparable string. */
    static String attributes(Path p) throws ErrnoException {
        Stat st = FileSys.lstat(p);
        return String.format("mode=0%o uid=%d gid=%d rdev=%d:%d atime=%d.%09d mtime=%d.%09d", st.mode(), st.uid(),
                st.gid(), st.rdevMajor(), st.rdevMinor(), st.atimeSec(), st.atimeNsec(), st.mtimeSec(),
                st.mtimeNsec());
    }

    /** A valid VFS_CAP_REVISION_2 security.capability value granting cap_net_bind_service, effective. */
    static byte[] netBindCapability() {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x02000001).putInt(1 << 10).putInt(0).putInt(0).putInt(0).array();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static String sh(String script) throws IOException {
        Process p = new ProcessBuilder(List.of("sh", "-c", script)).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(script + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Mounts a test makes, all detached (newest first) by {@link #close()} even when the test failed. */
    static final class Mounts implements AutoCloseable {
        private final Deque<Path> targets = new ArrayDeque<>();

        Path mount(String source, Path target, String type, String data) throws IOException {
            Files.createDirectories(target);
            targets.push(target);
            LinuxMount.mount(source, target.toString(), type, 0, data);
            return target;
        }

        @Override
        public void close() throws IOException {
            while (!targets.isEmpty()) {
                Path target = targets.pop();
                for (int i = 0; i < 8 && MountInfo.isMountPoint(target); i++) {
                    LinuxMount.unmount(target.toString(), LinuxMount.MNT_DETACH);
                }
            }
        }
    }
}
