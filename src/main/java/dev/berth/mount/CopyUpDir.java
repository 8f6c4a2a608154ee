package dev.berth.mount;

import dev.berth.sys.Fd;
import dev.berth.sys.Stat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One directory of a copy-up in flight: the source and target directory descriptors (O_PATH, opened without
 * following symlinks) and the source's stat. Every path the copy uses goes through {@code /proc/self/fd/<n>/name},
 * which the kernel resolves from the open directory itself, so no renamed or swapped parent can redirect it.
 * The directory gets its own owner, mode, xattrs and times only when the last hold is released: after its
 * listing is done and every child (subdirectory or pending file task) has finished, so its mtime survives.
 * Holds are thread-safe; the rest is immutable.
 */
final class CopyUpDir {
    final CopyUpDir parent;
    /** Path below the copy root ("" for the root), for messages and the hard-link map. */
    final String rel;
    final Fd src;
    final Fd dst;
    final Stat stat;
    private final AtomicInteger holds = new AtomicInteger(1);

    CopyUpDir(CopyUpDir parent, String rel, Fd src, Fd dst, Stat stat) {
        this.parent = parent;
        this.rel = rel;
        this.src = src;
        this.dst = dst;
        this.stat = stat;
    }

    void hold() {
        holds.incrementAndGet();
    }

    /** True when this released the last hold: the caller must finish the directory. */
    boolean release() {
        return holds.decrementAndGet() == 0;
    }

    String child(String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }

    Path srcEntry(String name) {
        return Path.of(src.procPath(), name);
    }

    Path dstEntry(String name) {
        return Path.of(dst.procPath(), name);
    }

    /** The source directory itself, as a path whose last component is no symlink (for the l* calls). */
    Path srcSelf() {
        return Path.of(src.procPath(), ".");
    }

    Path dstSelf() {
        return Path.of(dst.procPath(), ".");
    }

    /** The target directory through its magic link, for chmod (which follows it to exactly this inode). */
    Path dstObject() {
        return Path.of(dst.procPath());
    }

    void closeDescriptors() {
        src.close();
        dst.close();
    }
}
