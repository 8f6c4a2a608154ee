package dev.berth.volume;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.Inotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the size of volumes, so {@code /system/df} does not walk every file of every volume on every call
 * (Docker does, and users complain: moby#31951), without answering a stale size but in the one case below. Each
 * directory of a sized volume is watched with inotify (the watch is placed before the directory's entries are read);
 * at the start of every df the queued events are read ({@link #refresh}), and a volume with any change since its
 * walk is walked again. A file's events reach the watch of the directory whose entry was used to open it; a
 * container's bind mount of the volume uses the same entries, so its writes count like any other. A write through a
 * hard link in another directory is never seen: a volume whose walk finds a regular file with more than one link is
 * neither cached nor watched, until a walk finds none. A volume is not cached either (walked every time, as Docker
 * does) when watching it fails, e.g. at the watch limit; a lost-events overflow forgets every size. The case left:
 * a hard link made from outside the volume after its walk is not seen (the directory watches do not report a link
 * count), so writes through it go unseen until something the watches see changes the volume. Thread-safe.
 */
final class UsageCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageCache.class);
    /** Changes that can alter a tree's size: content, entries appearing, vanishing or moving. */
    private static final int MASK = Inotify.IN_MODIFY | Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_MOVED_FROM
            | Inotify.IN_MOVED_TO | Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF | Inotify.IN_ONLYDIR
            | Inotify.IN_DONT_FOLLOW;
    /** At most this share of the system's inotify watches goes to volume sizes; beyond it volumes are walked. */
    private static final int WATCH_SHARE = 4;

    private final Object lock = new Object();
    private final Map<String, Long> sizes = new HashMap<>();
    /** Bumped on every change of a volume: a walk that started before a change must not be cached. */
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<Integer, String> volumeOfWatch = new HashMap<>();
    private final Map<String, Set<Integer>> watchesOf = new HashMap<>();
    /** Volumes whose last walk found a regular file with another link: their sizes are never cached. */
    private final Set<String> linked = new HashSet<>();
    private final int maxWatches;
    private Inotify inotify;
    private boolean unavailable;
    private boolean closed;

    UsageCache() {
        this.maxWatches = Math.max(1024, systemWatchLimit() / WATCH_SHARE);
    }

    /** Applies the changes queued since the last call; call before a round of {@link #size}. */
    void refresh() {
        synchronized (lock) {
            if (inotify == null) {
                return;
            }
            try {
                for (Inotify.Event e : inotify.poll()) {
                    if (e.is(Inotify.IN_Q_OVERFLOW)) {
                        log.debug("volume size watches overflowed; every size is walked again");
                        versions.replaceAll((k, v) -> v + 1);
                        sizes.clear();
                        continue;
                    }
                    String name = volumeOfWatch.get(e.watch());
                    if (name == null) {
                        continue;
                    }
                    changedLocked(name);
                    if (e.is(Inotify.IN_IGNORED)) {
                        volumeOfWatch.remove(e.watch());
                        Set<Integer> ws = watchesOf.get(name);
                        if (ws != null) {
                            ws.remove(e.watch());
                        }
                    }
                }
            } catch (ErrnoException e) {
                log.warn("reading volume size watches failed, not caching sizes: {}", e.getMessage());
                dropWatchesLocked();
                unavailable = true;
            }
        }
    }

    /** The cached size of the volume, or null when it must be walked ({@link #size}). */
    Long cached(String name) {
        synchronized (lock) {
            return sizes.get(name);
        }
    }

    /** The size of the volume at {@code path}: cached while nothing in it changed, walked otherwise. */
    long size(String name, Path path) {
        long version;
        synchronized (lock) {
            Long cached = sizes.get(name);
            if (cached != null) {
                return cached;
            }
            version = versions.getOrDefault(name, 0L);
        }
        // A volume whose last walk found a linked file is walked without watches until one finds none.
        boolean[] watched = {watcher() != null && !isLinked(name)};
        DirectorySize.Usage usage;
        try {
            usage = DirectorySize.measure(path, dir -> {
                if (watched[0]) {
                    watched[0] = watch(name, dir);
                }
            });
        } catch (IOException e) {
            invalidate(name);
            return -1;
        }
        synchronized (lock) {
            if (usage.linkedFile()) {
                linked.add(name);
            } else {
                linked.remove(name);
            }
            if (!watched[0] || usage.linkedFile()) {
                unwatchLocked(name);
            } else if (versions.getOrDefault(name, 0L) == version && !closed) {
                sizes.put(name, usage.bytes());
            }
        }
        return usage.bytes();
    }

    private boolean isLinked(String name) {
        synchronized (lock) {
            return linked.contains(name);
        }
    }

    /** The volume may have changed in a way its watches do not show (mounted, unmounted, removed). */
    void invalidate(String name) {
        synchronized (lock) {
            changedLocked(name);
        }
    }

    /** Forgets a removed volume, with its watches. */
    void forget(String name) {
        synchronized (lock) {
            changedLocked(name);
            unwatchLocked(name);
            versions.remove(name);
            linked.remove(name);
        }
    }

    private void changedLocked(String name) {
        sizes.remove(name);
        versions.merge(name, 1L, Long::sum);
    }

    private boolean watch(String name, Path dir) {
        synchronized (lock) {
            if (inotify == null || volumeOfWatch.size() >= maxWatches) {
                return false;
            }
            try {
                int wd = inotify.addWatch(dir, MASK);
                // The inode may have been watched for another volume (moved here): it is this one's now.
                String before = volumeOfWatch.put(wd, name);
                if (before != null && !before.equals(name)) {
                    Set<Integer> ws = watchesOf.get(before);
                    if (ws != null) {
                        ws.remove(wd);
                    }
                    changedLocked(before);
                }
                watchesOf.computeIfAbsent(name, k -> new HashSet<>()).add(wd);
                return true;
            } catch (ErrnoException e) {
                log.debug("volume {}: cannot watch {} ({}); its size is walked on every call", name, dir,
                        e.getMessage());
                return false;
            }
        }
    }

    private Inotify watcher() {
        synchronized (lock) {
            if (inotify == null && !unavailable && !closed) {
                try {
                    inotify = Inotify.open();
                } catch (ErrnoException e) {
                    log.warn("cannot watch volumes for changes, not caching sizes: {}", e.getMessage());
                    unavailable = true;
                }
            }
            return inotify;
        }
    }

    private void unwatchLocked(String name) {
        Set<Integer> ws = watchesOf.remove(name);
        if (ws == null) {
            return;
        }
        for (int wd : ws) {
            if (name.equals(volumeOfWatch.get(wd))) {
                volumeOfWatch.remove(wd);
                if (inotify != null) {
                    inotify.removeWatch(wd);
                }
            }
        }
    }

    private void dropWatchesLocked() {
        sizes.clear();
        versions.replaceAll((k, v) -> v + 1);
        volumeOfWatch.clear();
        watchesOf.clear();
        if (inotify != null) {
            inotify.close();
            inotify = null;
        }
    }

    private static int systemWatchLimit() {
        try {
            return Integer.parseInt(java.nio.file.Files.readString(
                    Path.of("/proc/sys/fs/inotify/max_user_watches")).strip());
        } catch (IOException | NumberFormatException e) {
            return 8192;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            dropWatchesLocked();
        }
    }
}
