package dev.berth.mount;

import dev.berth.gotext.GoPath;
import dev.berth.gotext.GoQuote;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.LinuxMount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A volume subpath pinned against symlink races, as moby's {@code safepath.Join}: the subpath is first resolved
 * with symlinks evaluated (links that stay inside the volume are fine, anything leaving it is
 * {@link SafePathEscapesException}, anything missing {@link SafePathNotAccessibleException}), then opened beneath
 * the volume with every symlink refused, and that open file is bind-mounted onto a fresh temporary directory or
 * file under a scratch directory. {@link #path()} is that bind mount: it stays on the very directory or file that
 * was checked whatever is renamed or swapped in the volume afterwards, so the runtime can bind it into the
 * container safely. {@link #close()} unmounts and removes it (after the container started).
 * Thread-safe: {@link #close()} is idempotent and may race with itself.
 */
public final class SafePath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SafePath.class);

    /** Test seam: runs between the symlink check and the race-free open. */
    interface Hook {
        void afterCheck() throws IOException;
    }

    private final Path path;
    private final String base;
    private final String subpath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SafePath(Path path, String base, String subpath) {
        this.path = path;
        this.base = base;
        this.subpath = subpath;
    }

    /**
     * Resolves {@code subpath} (relative, already validated as local by the parser) beneath the absolute
     * directory {@code base} (a volume's data directory) and bind-mounts the result under {@code scratchDir}.
     *
     * @throws SafePathEscapesException       when the subpath leaves the base
     * @throws SafePathNotAccessibleException when it (or the base) does not exist or changed under the check
     * @throws IOException                    when the temporary mount point or the bind mount fails
     */
    public static SafePath join(Path base, String subpath, Path scratchDir) throws IOException {
        return join(base, subpath, scratchDir, () -> { }, true);
    }

    static SafePath join(Path base, String subpath, Path scratchDir, Hook hook, boolean openat2) throws IOException {
        String baseResolved = resolve(base.toString(), "base directory");
        String combined = GoPath.clean(baseResolved + "/" + subpath);
        String subpart = SafePathEval.relativeTo(baseResolved, resolve(combined, "combined path"));
        if (subpart == null || !UnixPaths.isLocal(subpart)) {
            throw new SafePathEscapesException(baseResolved, subpath);
        }
        hook.afterCheck();
        try (Fd fd = SafePathOpen.open(baseResolved, subpart, openat2)) {
            Path mountPoint;
            try {
                mountPoint = fd.fstat().isDirectory() ? Files.createTempDirectory(scratchDir, "safe-mount")
                        : Files.createTempFile(scratchDir, "safe-mount", "");
            } catch (IOException e) {
                throw new IOException("failed to create temporary file for safe mount: " + e.getMessage(), e);
            }
            try {
                LinuxMount.bind(fd.procPath(), mountPoint.toString(), false);
            } catch (ErrnoException e) {
                Files.deleteIfExists(mountPoint);
                throw new IOException("failed to mount resolved path: " + e.getMessage(), e);
            }
            return new SafePath(mountPoint, baseResolved, subpart);
        }
    }

    private static String resolve(String path, String what) throws IOException {
        try {
            return SafePathEval.evalSymlinks(path);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new SafePathNotAccessibleException(path, e.getMessage());
            }
            throw resolveError(path, what, e);
        } catch (NoSuchFileException e) {
            throw new SafePathNotAccessibleException(path, "readlink " + e.getFile() + ": no such file or directory");
        } catch (IOException e) {
            throw resolveError(path, what, e);
        }
    }

    private static IOException resolveError(String path, String what, IOException cause) {
        return new IOException("error while resolving symlinks in " + what + " " + GoQuote.quote(path) + ": "
                + cause.getMessage(), cause);
    }

    /** The temporary bind mount to hand to the runtime as the mount source; fails once closed. */
    public Path path() {
        if (closed.get()) {
            throw new IllegalStateException("use-after-close of the safe path for [" + base + ", " + subpath + "]");
        }
        return path;
    }

    /** Detaches the bind mount and removes its mount point; a second call does nothing. Failures are logged. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            LinuxMount.unmount(path.toString(), LinuxMount.MNT_DETACH);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINVAL) {
                LOG.warn("error unmounting safe mount {}: {}", path, e.getMessage());
                return;
            }
            LOG.warn("safe temp mount {} no longer exists?", path);
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("failed to delete temporary safe mount {}: {}", path, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SafePath[" + path + " -> " + base + " " + subpath + "]";
    }
}
