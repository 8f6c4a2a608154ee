package dev.berth.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns conmon's exit files into {@link ExitEvent}s. conmon writes {@code exits/<id>} atomically (a temporary
 * {@code <id>.XXXXXX} renamed into place) holding the exit status in decimal, after it has drained the
 * container's output into the log; the file's mtime is the finish time. Each exit reaches the listener once,
 * from the inotify event; exits already on disk when the runtime opened are left to {@code restore}.
 * Thread-safe.
 */
final class ExitWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExitWatcher.class);

    private final StateLayout layout;
    private final Consumer<ExitEvent> listener;
    private final Map<String, ExitEvent> reported = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ExitEvent>> waiters = new ConcurrentHashMap<>();
    private final AutoCloseable registration;

    ExitWatcher(StateLayout layout, DirectoryWatcher watcher, Consumer<ExitEvent> listener) throws IOException {
        this.layout = layout;
        this.listener = listener;
        Files.createDirectories(layout.exitDir());
        registration = watcher.watch(layout.exitDir(), this::changed);
        for (String id : ids()) {
            read(id).ifPresent(e -> reported.put(id, e));
        }
    }

    private void changed(Path path) {
        if (path == null) {
            ids().forEach(this::report);
        } else if (StateLayout.isId(path.getFileName().toString())) {
            report(path.getFileName().toString());
        }
    }

    private void report(String id) {
        Optional<ExitEvent> event = read(id);
        if (event.isEmpty()) {
            return;
        }
        ExitEvent e = event.get();
        if (reported.putIfAbsent(id, e) == null) {
            log.debug("container {} exited with code {}", id, e.exitCode());
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                log.warn("exit listener failed for container {}", id, ex);
            }
        }
        CompletableFuture<ExitEvent> w = waiters.get(id);
        if (w != null) {
            w.complete(e);
        }
    }

    /** Completes with the container's exit; already complete if its exit file exists. */
    CompletableFuture<ExitEvent> exit(String id) {
        CompletableFuture<ExitEvent> w = waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
        // The exit may have happened before the waiter existed.
        read(id).ifPresent(w::complete);
        return w;
    }

    /** Forgets the container's exit (before it is created again, or when it is deleted). */
    void forget(String id) {
        reported.remove(id);
        CompletableFuture<ExitEvent> w = waiters.remove(id);
        if (w != null) {
            w.cancel(false);
        }
    }

    /** The exit recorded in the container's exit file, if there is one. */
    Optional<ExitEvent> read(String id) {
        Path file = layout.exitFile(id);
        try {
            String text = Files.readString(file).strip();
            return Optional.of(new ExitEvent(id, Integer.parseInt(text),
                    Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("unreadable exit file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.exitDir())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (StateLayout.isId(name)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", layout.exitDir(), e.toString());
        }
        return ids;
    }

    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception ignored) {
            // deregistering a listener does not fail
        }
        waiters.values().forEach(w -> w.cancel(false));
    }
}
