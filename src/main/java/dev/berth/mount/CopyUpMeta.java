package dev.berth.mount;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * File content and metadata copying for {@link CopyUp}, in the order the kernel needs: content, owner (chown
 * clears setuid/setgid and security.capability), mode, xattrs, then times (anything written later would move
 * them). Stateless and thread-safe.
 */
final class CopyUpMeta {
    // copy_file_range moves at most ~2 GiB per call anyway; asking for more only costs loop iterations.
    private static final long CHUNK = 1L << 30;

    private CopyUpMeta() {
    }

    /**
     * Copies the content of {@code in} to {@code out} (both at offset 0) with copy_file_range, which lets the
     * kernel reflink or splice; across filesystems that refuse it, falls back to FileChannel transfers.
     */
    static long content(Fd in, Fd out) throws IOException {
        long total = 0;
        while (true) {
            long n;
            try {
                n = FileSys.copyFileRange(in.fd(), out.fd(), CHUNK);
            } catch (ErrnoException e) {
                if (total == 0 && cannotCopyRange(e.errno())) {
                    return transfer(in, out);
                }
                throw e;
            }
            if (n == 0) {
                return total;
            }
            total += n;
        }
    }

    private static boolean cannotCopyRange(int errno) {
        return errno == Errno.EXDEV || errno == Errno.EINVAL || errno == Errno.ENOSYS || errno == Errno.EOPNOTSUPP;
    }

    private static long transfer(Fd in, Fd out) throws IOException {
        // Reopening through /proc/self/fd reaches exactly the inodes already open, at offset 0 as nothing moved.
        try (FileChannel from = FileChannel.open(Path.of(in.procPath()), StandardOpenOption.READ);
             FileChannel to = FileChannel.open(Path.of(out.procPath()), StandardOpenOption.WRITE)) {
            long position = 0;
            long n;
            while ((n = from.transferTo(position, CHUNK, to)) > 0) {
                position += n;
            }
            return position;
        }
    }

    /**
     * Applies {@code st}'s owner, mode, xattrs (read from {@code srcSelf}) and times to {@code dstSelf}.
     * {@code dstObject} reaches the same inode for chmod, which always follows a final symlink; it is null for
     * symlinks, whose mode Linux cannot change.
     */
    static void apply(Stat st, Path srcSelf, Path dstSelf, Path dstObject) throws ErrnoException {
        chown(dstSelf, st);
        if (dstObject != null) {
            FileSys.chmod(dstObject, st.permissions());
        }
        copyXattrs(srcSelf, dstSelf);
        FileSys.utimesNoFollow(dstSelf, st.atimeSec(), st.atimeNsec(), st.mtimeSec(), st.mtimeNsec());
    }

    private static void chown(Path dst, Stat st) throws ErrnoException {
        try {
            FileSys.lchown(dst, st.uid(), st.gid());
        } catch (ErrnoException e) {
            // Some filesystems (NFS) refuse even a chown that changes nothing.
            Stat now = e.errno() == Errno.EPERM ? FileSys.lstat(dst) : null;
            if (now == null || now.uid() != st.uid() || now.gid() != st.gid()) {
                throw e;
            }
        }
    }

    /** Copies every xattr; a filesystem that does not support one (ENOTSUP) is skipped, as Docker does. */
    static void copyXattrs(Path src, Path dst) throws ErrnoException {
        List<String> names;
        try {
            names = FileSys.llistxattr(src);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOTSUP) {
                return;
            }
            throw e;
        }
        for (String name : names) {
            try {
                FileSys.lsetxattr(dst, name, FileSys.lgetxattr(src, name));
            } catch (ErrnoException e) {
                // ENODATA: removed between list and get.
                if (e.errno() != Errno.ENOTSUP && e.errno() != Errno.ENODATA) {
                    throw e;
                }
            }
        }
    }
}
