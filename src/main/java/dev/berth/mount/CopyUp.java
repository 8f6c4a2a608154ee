package dev.berth.mount;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Docker's copy-up: at the first mount of an empty volume, the image's content at the mount destination is copied
 * into it (files, directories, symlinks verbatim, hard links, device nodes, fifos, sockets; owner, mode with
 * setuid/setgid/sticky, xattrs, atime/mtime), and the volume root takes the image directory's own owner, mode,
 * xattrs and times, even when that directory is empty. The caller decides whether a mount copies at all (never for
 * nocopy, binds, tmpfs or volumes-from); this class skips a missing or non-directory source and a non-empty volume.
 * <p>
 * The image is untrusted: the destination is resolved inside the rootfs as if it were the root (an image symlink
 * {@code /data -> /etc} means the rootfs's {@code etc}), and every file below is opened relative to an open
 * directory without following symlinks, so nothing outside the source is read and nothing outside the target is
 * written. Stateless and thread-safe; concurrent copy-ups into the same volume must be serialised by the caller.
 */
public final class CopyUp {
    private static final Logger LOG = LoggerFactory.getLogger(CopyUp.class);
    /** Two content workers: measured fastest on the 2-core machines berth targets (see CopyUpBench). */
    static final int DEFAULT_WORKERS = 2;

    private CopyUp() {
    }

    /**
     * Copies {@code containerPath} of the container root filesystem {@code rootfs} (a mounted overlay) into
     * {@code targetDir} (a volume's data directory, or its subpath) if the target is empty.
     *
     * @throws CopyUpException when the copy fails part-way (the volume keeps the partial copy)
     * @throws IOException     when the rootfs or the target cannot be opened
     */
    public static CopyUpResult copyIfEmpty(Path rootfs, String containerPath, Path targetDir) throws IOException {
        return copyIfEmpty(rootfs, containerPath, targetDir, DEFAULT_WORKERS);
    }

    /**
     * Copies the whole of the directory {@code sourceDir} (a volume's data directory: as untrusted as an image, so
     * resolved and walked the same way) into {@code targetDir} if the target is empty, its root metadata included.
     *
     * @throws CopyUpException when the copy fails part-way (the target keeps the partial copy)
     * @throws IOException     when the source or the target cannot be opened
     */
    public static CopyUpResult copyDirectoryIfEmpty(Path sourceDir, Path targetDir) throws IOException {
        return copyIfEmpty(sourceDir, "/", targetDir, DEFAULT_WORKERS, "the content of " + sourceDir);
    }

    static CopyUpResult copyIfEmpty(Path rootfs, String containerPath, Path targetDir, int workers)
            throws IOException {
        return copyIfEmpty(rootfs, containerPath, targetDir, workers, "image content " + containerPath);
    }

    private static CopyUpResult copyIfEmpty(Path rootfs, String containerPath, Path targetDir, int workers,
                                            String what) throws IOException {
        long started = System.nanoTime();
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0)) {
            Fd src;
            try {
                src = root.openat2(inRoot(containerPath), Fd.O_PATH, 0, Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS);
            } catch (ErrnoException e) {
                return switch (e.errno()) {
                    case Errno.ENOENT -> skipped(CopyUpResult.Outcome.SOURCE_MISSING, containerPath);
                    // A file where the path needs a directory: nothing to copy either.
                    case Errno.ENOTDIR -> skipped(CopyUpResult.Outcome.SOURCE_NOT_DIRECTORY, containerPath);
                    default -> throw e;
                };
            }
            try (src) {
                Stat st = src.fstat();
                if (!st.isDirectory()) {
                    return skipped(CopyUpResult.Outcome.SOURCE_NOT_DIRECTORY, containerPath);
                }
                Fd dst = Fd.open(targetDir, Fd.O_PATH | Fd.O_DIRECTORY | Fd.O_NOFOLLOW, 0);
                try (dst) {
                    if (!isEmpty(dst)) {
                        return skipped(CopyUpResult.Outcome.TARGET_NOT_EMPTY, containerPath);
                    }
                    CopyUpResult result = new CopyUpWalker(containerPath, workers).run(src, dst, st);
                    LOG.info("copied {} into {}: {} entries, {} bytes in {} ms", what, targetDir, result.entries(),
                            result.bytes(), (System.nanoTime() - started) / 1_000_000);
                    return result;
                }
            }
        }
    }

    /** The container path relative to the rootfs; RESOLVE_IN_ROOT keeps any ".." or absolute symlink inside. */
    private static String inRoot(String containerPath) {
        String rel = containerPath.replaceFirst("^/+", "");
        return rel.isEmpty() ? "." : rel;
    }

    private static boolean isEmpty(Fd dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir.procPath()))) {
            return !entries.iterator().hasNext();
        }
    }

    private static CopyUpResult skipped(CopyUpResult.Outcome why, String containerPath) {
        LOG.debug("no copy-up of {}: {}", containerPath, why);
        return CopyUpResult.skipped(why);
    }
}
