package dev.berth.container;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.Stat;

import java.nio.file.Path;
import java.util.Optional;

/** Looks at paths inside a container's root filesystem, resolving symlinks as the container would. */
final class RootfsPaths {

    private RootfsPaths() {
    }

    /** The file at {@code containerPath} inside {@code rootfs} (symlinks resolved inside it), if any. */
    static Optional<Stat> stat(Path rootfs, String containerPath) {
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0); Fd f = openInRoot(root, containerPath)) {
            return Optional.of(f.fstat());
        } catch (ErrnoException e) {
            return Optional.empty();
        }
    }

    /**
     * True only when nothing is at {@code containerPath} (ENOENT, a dangling symlink included), as Go's
     * {@code os.IsNotExist} after a stat; any other failure (a file where a directory is needed, say) is not
     * "absent" and is left to whoever reads the path next.
     */
    static boolean absent(Path rootfs, String containerPath) {
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0)) {
            try (Fd f = openInRoot(root, containerPath)) {
                return false;
            } catch (ErrnoException e) {
                return e.errno() == Errno.ENOENT;
            }
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** {@code containerPath} opened (O_PATH) below {@code root}, its symlinks resolved as inside the container. */
    private static Fd openInRoot(Fd root, String containerPath) throws ErrnoException {
        String rel = containerPath.startsWith("/") ? containerPath.substring(1) : containerPath;
        return root.openat2(rel.isEmpty() ? "." : rel, Fd.O_PATH, 0, Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS);
    }
}
