package dev.berth.image;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key (chain ID), created on demand and dropped when nobody holds or waits for it.
 * Thread-safe.
 */
final class KeyedLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ReentrantLock lock(String key) {
        while (true) {
            ReentrantLock l = locks.computeIfAbsent(key, k -> new ReentrantLock());
            l.lock();
            // The lock may have been dropped from the map between lookup and lock; then take the new one.
            if (locks.get(key) == l) {
                return l;
            }
            l.unlock();
        }
    }

    void unlock(String key, ReentrantLock l) {
        if (!l.hasQueuedThreads() && l.getHoldCount() == 1) {
            locks.remove(key, l);
        }
        l.unlock();
    }
}
