package dev.berth.image;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts and unmounts one overlayfs. mount(2) copies its data string into a single page, so a long lowerdir list
 * of full layer paths may not fit; instead of chdir'ing to use relative names (process-wide, unsafe in a
 * multi-threaded JVM) berth then opens each layer directory with O_PATH and names it {@code /proc/self/fd/<n>}
 * (about 18 bytes a layer, room for over 200 layers). The descriptors are closed once the mount is made; the
 * kernel has resolved them by then. Stateless and thread-safe.
 */
final class Overlay {

    /** mount(2) data must fit in one page including the terminating NUL. */
    static final int MAX_DATA = 4095;
    private static final String OPTIONS = ",index=off";

    private Overlay() {
    }

    /** Mounts {@code lowersTopFirst} (layer directories, top first) under {@code upper}/{@code work} on {@code merged}. */
    static void mount(List<Path> lowersTopFirst, Path upper, Path work, Path merged) throws IOException {
        String tail = ",upperdir=" + check(upper) + ",workdir=" + check(work) + OPTIONS;
        List<String> full = new ArrayList<>();
        for (Path lower : lowersTopFirst) {
            full.add(check(lower));
        }
        String data = "lowerdir=" + String.join(":", full) + tail;
        if (data.length() <= MAX_DATA) {
            LinuxMount.mount("overlay", merged.toString(), "overlay", 0, data);
            return;
        }
        List<Fd> fds = new ArrayList<>();
        try {
            List<String> viaFd = new ArrayList<>();
            for (Path lower : lowersTopFirst) {
                Fd fd = Fd.open(lower, Fd.O_PATH | Fd.O_DIRECTORY, 0);
                fds.add(fd);
                viaFd.add(fd.procPath());
            }
            data = "lowerdir=" + String.join(":", viaFd) + tail;
            if (data.length() > MAX_DATA) {
                throw new IOException("image has too many layers (" + lowersTopFirst.size()
                        + ") for one overlay mount");
            }
            LinuxMount.mount("overlay", merged.toString(), "overlay", 0, data);
        } finally {
            fds.forEach(Fd::close);
        }
    }

    /** Unmounts (lazily, as Docker does); a path that is not mounted is fine. */
    static void unmount(Path merged) throws ErrnoException {
        try {
            LinuxMount.unmount(merged.toString(), LinuxMount.MNT_DETACH);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    static boolean isMounted(Path merged) throws IOException {
        String target = merged.toAbsolutePath().normalize().toString();
        for (MountInfo.Entry e : MountInfo.read()) {
            if (e.mountPoint().equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** Overlay option syntax reserves ',' and ':' (and '\\' escapes them); berth paths must not contain them. */
    private static String check(Path p) throws IOException {
        String s = p.toString();
        if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0 || s.indexOf('\\') >= 0) {
            throw new IOException("overlay cannot use a path containing ',', ':' or '\\': " + s);
        }
        return s;
    }
}
