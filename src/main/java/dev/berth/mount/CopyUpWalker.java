package dev.berth.mount;

import dev.berth.sys.Fd;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One copy-up run: a depth-first walk on the calling thread that creates directories, symlinks, device nodes and
 * hard links itself and hands regular files (content plus metadata) to a small worker pool. The walk keeps one
 * directory listing open per level instead of reading listings into memory, and the pool's queue is bounded
 * (the walker runs a task itself when it is full), so memory stays flat whatever the tree's size.
 * Not thread-safe: one instance serves one {@link #run} call.
 */
final class CopyUpWalker {
    private static final Logger LOG = LoggerFactory.getLogger(CopyUpWalker.class);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final int QUEUE_PER_WORKER = 32;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String imagePath;
    private final ThreadPoolExecutor pool;
    private final CopyUpHardLinks links = new CopyUpHardLinks();
    private final LongAdder entries = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicReference<CopyUpException> failure = new AtomicReference<>();
    private Fd targetRoot;

    /** {@code workers} threads copy file content; 0 copies everything on the calling thread. */
    CopyUpWalker(String imagePath, int workers) {
        this.imagePath = imagePath;
        this.pool = workers == 0 ? null : new ThreadPoolExecutor(workers, workers, 10, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(workers * QUEUE_PER_WORKER), r -> {
                    Thread t = new Thread(r, "copy-up-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Copies the tree below {@code src} into the (empty) directory {@code dst}; takes ownership of both fds. */
    CopyUpResult run(Fd src, Fd dst, Stat rootStat) throws CopyUpException {
        targetRoot = dst;
        CopyUpDir root = new CopyUpDir(null, "", src, dst, rootStat);
        Deque<Listing> stack = new ArrayDeque<>();
        try {
            stack.push(Listing.open(root));
            while (!stack.isEmpty() && failure.get() == null) {
                Listing top = stack.peek();
                Path entry = top.next();
                if (entry == null) {
                    stack.pop().close();
                    release(top.dir);
                    continue;
                }
                CopyUpDir sub = copyEntry(top.dir, entry.getFileName().toString());
                if (sub != null) {
                    try {
                        stack.push(Listing.open(sub));
                    } catch (IOException e) {
                        release(sub);
                        throw new CopyUpException(pathOf(sub.rel), e);
                    }
                }
            }
        } catch (IOException e) {
            fail(e instanceof CopyUpException c ? c : new CopyUpException(pathOf(""), e));
            if (stack.isEmpty()) {
                release(root);
            }
        } finally {
            while (!stack.isEmpty()) {
                Listing listing = stack.pop();
                listing.close();
                release(listing.dir);
            }
            awaitWorkers();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new CopyUpResult(CopyUpResult.Outcome.COPIED, entries.sum(), bytes.sum());
    }

    /** Copies one entry; returns the new directory to descend into, or null. */
    private CopyUpDir copyEntry(CopyUpDir dir, String name) throws CopyUpException {
        String rel = dir.child(name);
        try {
            if (name.indexOf('\uFFFD') >= 0) {
                throw new IOException("file name is not valid UTF-8");
            }
            Stat st = FileSys.lstat(dir.srcEntry(name));
            if (st.isDirectory()) {
                return makeDirectory(dir, name, rel, st);
            }
            String firstCopy = st.nlink() > 1 ? links.firstCopy(st) : null;
            if (firstCopy != null) {
                CopyUpHardLinks.link(targetRoot, firstCopy, dir.dstEntry(name));
                entries.increment();
                return null;
            }
            switch (st.type()) {
                case FileSys.S_IFREG -> copyFile(dir, name, rel, st);
                case FileSys.S_IFLNK -> {
                    Files.createSymbolicLink(dir.dstEntry(name), Files.readSymbolicLink(dir.srcEntry(name)));
                    CopyUpMeta.apply(st, dir.srcEntry(name), dir.dstEntry(name), null);
                }
                case FileSys.S_IFCHR, FileSys.S_IFBLK, FileSys.S_IFIFO, FileSys.S_IFSOCK -> makeNode(dir, name, st);
                default -> {
                    LOG.warn("copy-up of {} skips {}: unknown file type 0{}", imagePath, rel,
                            Integer.toOctalString(st.type()));
                    return null;
                }
            }
            if (st.nlink() > 1) {
                links.remember(st, rel);
            }
            entries.increment();
            return null;
        } catch (IOException e) {
            throw new CopyUpException(pathOf(rel), e);
        }
    }

    private CopyUpDir makeDirectory(CopyUpDir dir, String name, String rel, Stat st) throws IOException {
        // Private until its own mode is applied after its children.
        Files.createDirectory(dir.dstEntry(name), PRIVATE_DIR);
        Fd src = dir.src.openat(name, Fd.O_PATH | Fd.O_DIRECTORY | Fd.O_NOFOLLOW, 0);
        Fd dst;
        try {
            requireSame(src, st);
            dst = dir.dst.openat(name, Fd.O_PATH | Fd.O_DIRECTORY | Fd.O_NOFOLLOW, 0);
        } catch (IOException e) {
            src.close();
            throw e;
        }
        dir.hold();
        entries.increment();
        return new CopyUpDir(dir, rel, src, dst, st);
    }

    private void copyFile(CopyUpDir dir, String name, String rel, Stat st) throws IOException {
        // O_NONBLOCK: should the entry have become a fifo since the lstat, the open must not hang.
        Fd in = dir.src.openat(name, Fd.O_RDONLY | Fd.O_NOFOLLOW | Fd.O_NONBLOCK, 0);
        Fd out;
        try {
            requireSame(in, st);
            out = dir.dst.openat(name, Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL | Fd.O_NOFOLLOW, 0600);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        dir.hold();
        Runnable task = () -> {
            try {
                if (failure.get() == null) {
                    bytes.add(CopyUpMeta.content(in, out));
                    CopyUpMeta.apply(st, dir.srcEntry(name), dir.dstEntry(name), Path.of(out.procPath()));
                }
            } catch (IOException | RuntimeException e) {
                fail(new CopyUpException(pathOf(rel), e instanceof IOException io ? io : new IOException(e)));
            } finally {
                in.close();
                out.close();
                release(dir);
            }
        };
        if (pool == null) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    private static void makeNode(CopyUpDir dir, String name, Stat st) throws IOException {
        FileSys.mknod(dir.dstEntry(name), st.type() | 0600, st.rdevMajor(), st.rdevMinor());
        try (Fd node = dir.dst.openat(name, Fd.O_PATH | Fd.O_NOFOLLOW, 0)) {
            if (node.fstat().type() != st.type()) {
                throw new IOException("target entry was replaced during the copy");
            }
            CopyUpMeta.apply(st, dir.srcEntry(name), dir.dstEntry(name), Path.of(node.procPath()));
        }
    }

    /** The entry opened is the one lstat saw (not swapped for something else in between). */
    private static void requireSame(Fd fd, Stat expected) throws IOException {
        Stat actual = fd.fstat();
        if (actual.type() != expected.type() || actual.ino() != expected.ino() || actual.dev() != expected.dev()) {
            throw new IOException("source entry changed during the copy");
        }
    }

    /** Drops one hold; a directory whose last hold goes gets its attributes and frees its fds, then its parent. */
    private void release(CopyUpDir dir) {
        for (CopyUpDir d = dir; d != null && d.release(); d = d.parent) {
            try {
                if (failure.get() == null) {
                    CopyUpMeta.apply(d.stat, d.srcSelf(), d.dstSelf(), d.dstObject());
                }
            } catch (IOException | RuntimeException e) {
                fail(new CopyUpException(pathOf(d.rel), e instanceof IOException io ? io : new IOException(e)));
            } finally {
                d.closeDescriptors();
            }
        }
    }

    private void fail(CopyUpException e) {
        failure.compareAndSet(null, e);
    }

    private void awaitWorkers() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        boolean interrupted = false;
        // Tasks own descriptors and holds; they must all run to the end before the copy can report.
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String pathOf(String rel) {
        if (rel.isEmpty()) {
            return imagePath;
        }
        return imagePath.endsWith("/") ? imagePath + rel : imagePath + "/" + rel;
    }

    /** An open directory listing on the walk's stack. */
    private record Listing(CopyUpDir dir, DirectoryStream<Path> stream, Iterator<Path> entries) {
        static Listing open(CopyUpDir dir) throws IOException {
            // opendir of the magic link lists exactly the directory the O_PATH fd holds.
            DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of(dir.src.procPath()));
            return new Listing(dir, stream, stream.iterator());
        }

        Path next() throws IOException {
            try {
                return entries.hasNext() ? entries.next() : null;
            } catch (DirectoryIteratorException e) {
                throw e.getCause();
            }
        }

        void close() {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing a directory stream only frees its descriptor.
            }
        }
    }
}
