package dev.berth.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the size of volumes nobody uses, so {@code /system/df} does not walk every file of every volume on
 * every call (Docker does, and users complain: moby#31951). A volume's size is recomputed when a container may
 * have changed it — it is referenced by a container, or was mounted or unmounted since — and otherwise at most
 * every {@link #MAX_AGE}, which bounds how stale a change made directly on the host can be. Thread-safe.
 */
final class UsageCache {

    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Sized(long bytes, long atNanos) {
    }

    private final ConcurrentHashMap<String, Sized> sizes = new ConcurrentHashMap<>();

    /** The size of {@code path}, from the cache when {@code stable} (unreferenced) and fresh enough. */
    long size(String name, Path path, boolean stable) {
        long now = System.nanoTime();
        if (stable) {
            Sized s = sizes.get(name);
            if (s != null && now - s.atNanos() < MAX_AGE.toNanos()) {
                return s.bytes();
            }
        }
        long bytes;
        try {
            bytes = DirectorySize.of(path);
        } catch (IOException e) {
            sizes.remove(name);
            return -1;
        }
        if (stable) {
            sizes.put(name, new Sized(bytes, now));
        } else {
            sizes.remove(name);
        }
        return bytes;
    }

    /** The volume may have changed (mounted, unmounted, removed). */
    void invalidate(String name) {
        sizes.remove(name);
    }
}
