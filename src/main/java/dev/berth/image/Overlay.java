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
import java.util.function.Function;

/**
 * Mounts and unmounts one overlayfs. mount(2) copies its data string into a single page, so a long lowerdir list
 * does not fit; instead of chdir'ing (process-wide, unsafe in a multi-threaded JVM) berth shortens the paths:
 * full layer paths when they fit, else the per-layer symlinks {@code <image>/l/<12 chars>}, else the same links
 * reached through {@code /proc/self/fd/<n>} of an open {@code l/} directory (about 29 bytes a layer, as short as
 * Docker's relative names). Stateless and thread-safe.
 */
final class Overlay {

    /** mount(2) data must fit in one page including the terminating NUL. */
    static final int MAX_DATA = 4095;
    private static final String OPTIONS = ",index=off";

    private Overlay() {
    }

    /**
     * Mounts {@code lowers} (top first) under {@code upper}/{@code work} on {@code merged}. {@code shortPath} maps a
     * chain ID to its short link; {@code fullPath} to its diff directory.
     */
    static void mount(List<String> lowersTopFirst, Function<String, Path> fullPath, ShortPaths shortPaths,
                      Path upper, Path work, Path merged) throws IOException {
        String tail = ",upperdir=" + check(upper) + ",workdir=" + check(work) + OPTIONS;
        List<String> full = new ArrayList<>();
        for (String chain : lowersTopFirst) {
            full.add(check(fullPath.apply(chain)));
        }
        String data = "lowerdir=" + String.join(":", full) + tail;
        if (data.length() <= MAX_DATA) {
            LinuxMount.mount("overlay", merged.toString(), "overlay", 0, data);
            return;
        }
        List<String> links = new ArrayList<>();
        for (String chain : lowersTopFirst) {
            links.add(check(shortPaths.link(chain)));
        }
        data = "lowerdir=" + String.join(":", links) + tail;
        if (data.length() <= MAX_DATA) {
            LinuxMount.mount("overlay", merged.toString(), "overlay", 0, data);
            return;
        }
        try (Fd dir = Fd.open(shortPaths.linkDir(), Fd.O_PATH | Fd.O_DIRECTORY, 0)) {
            List<String> viaFd = new ArrayList<>();
            for (Path link : links.stream().map(Path::of).toList()) {
                viaFd.add(dir.procPath() + "/" + link.getFileName());
            }
            data = "lowerdir=" + String.join(":", viaFd) + tail;
            if (data.length() > MAX_DATA) {
                throw new IOException("image has too many layers (" + lowersTopFirst.size()
                        + ") for one overlay mount");
            }
            LinuxMount.mount("overlay", merged.toString(), "overlay", 0, data);
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

    /** Where the short per-layer links live and how to get one. */
    interface ShortPaths {
        Path link(String chainId) throws IOException;

        Path linkDir();
    }
}
