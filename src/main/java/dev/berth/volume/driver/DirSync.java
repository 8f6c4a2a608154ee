package dev.berth.volume.driver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the entries of one directory durable (fsync of the directory), shared by concurrent callers: a caller
 * waits for an fsync that began after its call, and one fsync covers everyone who asked before it began. Creating
 * and removing volumes change entries of the volumes root; with eight clients, eight such changes cost one fsync.
 * Thread-safe.
 */
final class DirSync {

    /** The fsync itself; tests replace it to watch calls share one. */
    @FunctionalInterface
    interface Fsync {
        void fsync(Path dir) throws IOException;
    }

    private final Path dir;
    private final Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Calls so far; a call's number is its ticket. */
    private long requested;
    /** Every ticket up to this one is durable. */
    private long durable;
    private boolean inFlight;

    DirSync(Path dir) {
        this(dir, DirSync::force);
    }

    DirSync(Path dir, Fsync fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /** Returns once every change made to the directory's entries before this call is durable. */
    void sync() throws IOException {
        lock.lock();
        try {
            long ticket = ++requested;
            while (durable < ticket) {
                if (inFlight) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                inFlight = true;
                long covers = requested;
                boolean ok = false;
                lock.unlock();
                try {
                    fsync.fsync(dir);
                    ok = true;
                } finally {
                    lock.lock();
                    inFlight = false;
                    if (ok) {
                        durable = Math.max(durable, covers);
                    }
                    finished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * fsync of a directory through FileChannel: on a virtual thread the JDK lets another carrier run while it
     * blocks (a native downcall would pin the carrier for the whole fsync). Opened per sync, so no descriptor
     * outlives its use; the open and close are cheap next to the fsync.
     */
    private static void force(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    Path dir() {
        return dir;
    }
}
