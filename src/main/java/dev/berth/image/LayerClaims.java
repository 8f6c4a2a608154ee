package dev.berth.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Keeps layer collection and layer registration from racing. A load or import pins each layer it is about to use
 * (or has just unpacked) until its image is committed; collection dooms only layers nobody pins or references, and
 * a pin on a doomed layer waits until its removal is over, so a layer is always seen whole or absent.
 * Thread-safe; its lock may be taken while holding the {@link ImageIndex} lock, never the other way round.
 */
final class LayerClaims {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Map<String, Integer> pins = new HashMap<>();
    private final Set<String> doomed = new HashSet<>();

    /** Pins a layer, first waiting while a removal of it is in flight. */
    void pin(String chain) {
        lock.lock();
        try {
            while (doomed.contains(chain)) {
                released.awaitUninterruptibly();
            }
            pins.merge(chain, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
    }

    void unpin(Collection<String> chains) {
        lock.lock();
        try {
            for (String chain : chains) {
                pins.computeIfPresent(chain, (k, n) -> n == 1 ? null : n - 1);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks as doomed, and returns, the candidates that are neither pinned, nor already doomed, nor
     * {@code referenced}; the caller removes them and then calls {@link #released}.
     */
    List<String> doomUnneeded(Collection<String> candidates, Predicate<String> referenced) {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            for (String chain : candidates) {
                if (!pins.containsKey(chain) && !doomed.contains(chain) && !referenced.test(chain)) {
                    doomed.add(chain);
                    out.add(chain);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    void released(Collection<String> chains) {
        lock.lock();
        try {
            doomed.removeAll(chains);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
