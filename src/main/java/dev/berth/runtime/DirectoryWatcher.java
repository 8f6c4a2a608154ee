package dev.berth.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One inotify instance (via {@link WatchService}) shared by everything in the runtime that waits for files to
 * appear or grow: exit files, followed logs. Listeners of a directory get the path of each created or modified
 * entry, or {@code null} after an overflow (then they must rescan). Listeners run on the watcher thread and must
 * not block. Thread-safe.
 */
final class DirectoryWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Thread thread;
    private final Object lock = new Object();
    private final Map<Path, Watched> dirs = new HashMap<>();

    private static final class Watched {
        final WatchKey key;
        final List<Consumer<Path>> listeners = new CopyOnWriteArrayList<>();

        Watched(WatchKey key) {
            this.key = key;
        }
    }

    DirectoryWatcher() {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a watch service", e);
        }
        thread = Thread.ofPlatform().daemon().name("berth-runtime-watch").start(this::run);
    }

    /** Calls {@code listener} for changes in {@code dir} until the returned handle is closed. */
    AutoCloseable watch(Path dir, Consumer<Path> listener) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        Watched w;
        synchronized (lock) {
            w = dirs.get(key);
            if (w == null) {
                w = new Watched(key.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY));
                dirs.put(key, w);
            }
            w.listeners.add(listener);
        }
        Watched watched = w;
        return () -> {
            synchronized (lock) {
                watched.listeners.remove(listener);
                if (watched.listeners.isEmpty() && dirs.get(key) == watched) {
                    dirs.remove(key);
                    watched.key.cancel();
                }
            }
        };
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            List<Path> changed = new ArrayList<>();
            for (WatchEvent<?> event : key.pollEvents()) {
                changed.add(event.kind() == StandardWatchEventKinds.OVERFLOW ? null : dir.resolve((Path) event.context()));
            }
            Watched w;
            synchronized (lock) {
                w = dirs.get(dir);
            }
            if (w != null && w.key == key) {
                for (Path p : changed) {
                    for (Consumer<Path> l : w.listeners) {
                        try {
                            l.accept(p);
                        } catch (RuntimeException e) {
                            log.warn("watch listener for {} failed", dir, e);
                        }
                    }
                }
            }
            key.reset();
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing watch service", e);
        }
        thread.interrupt();
    }
}
