package dev.berth.image;

import dev.berth.sys.Trees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes directory trees off the caller's path: a tree is renamed into the trash directory (one rename, so it is
 * gone from where it was at once) and deleted there by a background thread. Whatever a crash or a stop left in the
 * trash is deleted when the next daemon opens it. A tree that cannot be renamed there (another filesystem) is
 * deleted at once. Thread-safe.
 */
final class Trash {

    private static final Logger log = LoggerFactory.getLogger(Trash.class);

    private final Path dir;
    private final ExecutorService deleter = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("berth-trash").factory());
    private final AtomicLong seq = new AtomicLong();
    private final String run = Long.toString(System.nanoTime(), 36);

    /** Opens the trash in {@code dir} (created when first needed) and starts deleting what an earlier run left. */
    Trash(Path dir) {
        this.dir = dir;
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var left = Files.list(dir)) {
                List<Path> entries = left.toList();
                if (!entries.isEmpty()) {
                    log.info("deleting {} leftover entries in {}", entries.size(), dir);
                }
                entries.forEach(this::deleteLater);
            } catch (IOException e) {
                log.warn("cannot list {}: {}", dir, e.getMessage());
            }
        }
    }

    /** Moves each existing path into the trash (or deletes it here when it cannot be moved); missing is fine. */
    void discard(String label, List<Path> paths) throws IOException {
        for (Path p : paths) {
            Path target = dir.resolve(label + "." + p.getFileName() + "." + run + "-" + seq.incrementAndGet());
            try {
                move(p, target);
            } catch (NoSuchFileException e) {
                continue;
            } catch (AtomicMoveNotSupportedException e) {
                Trees.deleteRecursively(p);
                continue;
            }
            deleteLater(target);
        }
    }

    private void move(Path from, Path to) throws IOException {
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(from.toString());
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            Files.createDirectories(dir);
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void deleteLater(Path p) {
        deleter.execute(() -> {
            try {
                Trees.deleteRecursively(p);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot delete {}: {}", p, e.getMessage());
            }
        });
    }
}
