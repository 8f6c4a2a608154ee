package dev.berth.volume.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes removed volume directories in the background. Entries are named {@code <volume>.<sequence>}, so removals
 * of volumes with the same name never collide. {@link #close} never waits for a deletion to finish: it stops the
 * deleter between two files, and what is left is deleted after the next start ({@link #collectAll}). Thread-safe.
 */
final class Trash {

    private static final Logger log = LoggerFactory.getLogger(Trash.class);

    /** Leftovers from before a start from which on their deletion waits {@link #LEFTOVER_GRACE_MS}. */
    static final int LEFTOVER_GRACE_MIN = 1_000;
    static final long LEFTOVER_GRACE_MS = 3_000;

    private final Path dir;
    private final LinkedBlockingQueue<Path> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;

    Trash(Path dir) {
        this.dir = dir;
        this.worker = Thread.ofVirtual().name("berth-volume-trash").start(this::run);
    }

    /** Stops deleting (within one file's unlink) and returns; unfinished entries stay in the trash directory. */
    void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void collect(Path entry) {
        pending.incrementAndGet();
        queue.add(entry);
    }

    /**
     * Queues every entry present now (left over from before a restart), listing the trash on a thread of its own: a
     * daemon stopped soon after a bulk removal leaves tens of thousands of entries, and the start must not wait for
     * them to be listed. Many leftovers are queued only after {@link #LEFTOVER_GRACE_MS}: deleting them competes
     * with the start for the same cores, and nobody waits for them. {@link #drain} counts the listing as pending
     * until its entries are queued.
     */
    void collectAll() {
        pending.incrementAndGet();
        Thread.ofVirtual().name("berth-volume-trash-scan").start(() -> {
            try {
                // One native directory read; a DirectoryStream builds a Path per entry as it crosses.
                String[] names = dir.toFile().list();
                if (names == null) {
                    log.warn("scan volume trash {}: cannot read it", dir);
                    return;
                }
                if (names.length >= LEFTOVER_GRACE_MIN) {
                    log.info("volume trash: {} entries left from before the start, deleted in the background",
                            names.length);
                    if (!sleepUnlessClosed(LEFTOVER_GRACE_MS)) {
                        return;
                    }
                }
                for (String n : names) {
                    collect(dir.resolve(n));
                }
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private boolean sleepUnlessClosed(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (!closed && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !closed;
    }

    void drain() {
        while (pending.get() > 0 && !closed) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        while (!closed) {
            Path p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Trees.delete(p, () -> closed);
            } catch (IOException e) {
                log.warn("delete removed volume data {}: {}", p, e.getMessage());
            } finally {
                pending.decrementAndGet();
            }
        }
    }
}
