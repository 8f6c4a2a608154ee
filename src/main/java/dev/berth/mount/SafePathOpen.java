package dev.berth.mount;

import dev.berth.gotext.GoPath;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The race-free half of a safe subpath join: opens the already-resolved relative {@code subpart} beneath the base
 * directory as an O_PATH descriptor while refusing every symlink, so whatever was swapped in since the
 * {@link SafePathEval} check makes the open fail instead of leading elsewhere. openat2(2) does it in one call;
 * kernels without it (ENOSYS) get a component-by-component openat(O_NOFOLLOW) walk, the fallback Kubernetes and
 * moby use. Error texts are moby's. Stateless and thread-safe.
 */
final class SafePathOpen {
    private static final long RESOLVE = Fd.RESOLVE_BENEATH | Fd.RESOLVE_NO_MAGICLINKS | Fd.RESOLVE_NO_SYMLINKS;

    private SafePathOpen() {
    }

    /** {@code base} is absolute and symlink-free, {@code subpart} local and clean; {@code openat2} false forces the walk. */
    static Fd open(String base, String subpart, boolean openat2) throws IOException {
        Fd dir;
        try {
            dir = Fd.open(Path.of(base), Fd.O_PATH | Fd.O_DIRECTORY | Fd.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            throw new SafePathNotAccessibleException(base, ErrnoException.strerror(e.errno()));
        }
        try (dir) {
            if (openat2) {
                return dir.openat2(subpart, Fd.O_PATH, 0, RESOLVE);
            }
        } catch (ErrnoException e) {
            switch (e.errno()) {
                case Errno.ENOSYS -> {
                    // No openat2 on this kernel: walk instead, below.
                }
                case Errno.EXDEV -> throw new SafePathEscapesException(base, subpart);
                case Errno.ENOENT, Errno.ELOOP -> throw new SafePathNotAccessibleException(
                        GoPath.clean(base + "/" + subpart), ErrnoException.strerror(e.errno()));
                default -> throw new IOException("openat2 " + subpart + ": " + ErrnoException.strerror(e.errno()), e);
            }
        }
        return walk(base, subpart);
    }

    private static Fd walk(String base, String subpart) throws IOException {
        Fd parent;
        try {
            parent = Fd.open(Path.of(base), Fd.O_RDONLY | Fd.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            throw new SafePathNotAccessibleException(base, ErrnoException.strerror(e.errno()));
        }
        String current = base;
        try {
            for (String segment : subpart.split("/")) {
                current = GoPath.clean(current + "/" + segment);
                String rel = SafePathEval.relativeTo(base, current);
                if (rel == null || !UnixPaths.isLocal(rel)) {
                    throw new SafePathEscapesException(current, segment);
                }
                Fd child;
                try {
                    child = parent.openat(segment, Fd.O_PATH | Fd.O_NOFOLLOW, 0);
                } catch (ErrnoException e) {
                    throw new SafePathNotAccessibleException(current, ErrnoException.strerror(e.errno()));
                }
                parent.close();
                parent = child;
                Stat st = child.fstat();
                if (st.isSymlink()) {
                    throw new IOException("unexpected symlink found " + current);
                }
            }
            Fd result = parent;
            parent = null;
            return result;
        } finally {
            if (parent != null) {
                parent.close();
            }
        }
    }
}
