package dev.berth.volume;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per volume name, created on demand and dropped when nobody holds or waits for it. Operations on one
 * name are serialised; different names never wait for each other. Thread-safe.
 */
final class NameLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    /** A held lock; closing it releases the lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held lock(String name) {
        Entry e = locks.compute(name, (k, v) -> {
            Entry entry = v == null ? new Entry() : v;
            entry.users++;
            return entry;
        });
        e.lock.lock();
        return () -> {
            e.lock.unlock();
            locks.computeIfPresent(name, (k, v) -> --v.users == 0 ? null : v);
        };
    }

    boolean isHeldByCurrentThread(String name) {
        Entry e = locks.get(name);
        return e != null && e.lock.isHeldByCurrentThread();
    }
}
