package dev.berth.volume.driver;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BooleanSupplier;

/** Recursive deletion that never follows symlinks and never crosses into another mounted filesystem. */
final class Trees {

    private Trees() {
    }

    static void delete(Path top) throws IOException {
        delete(top, () -> false);
    }

    /**
     * Deletes {@code top}, checking {@code stop} before each file and directory; when it answers true the walk
     * ends early and the rest of the tree is left in place.
     */
    static void delete(Path top, BooleanSupplier stop) throws IOException {
        Object topDevice;
        try {
            topDevice = Files.getAttribute(top, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                Object dev = Files.getAttribute(dir, "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!dev.equals(topDevice)) {
                    // A mount inside the tree: deleting through it would destroy someone else's data.
                    throw new IOException("refusing to delete across a mount point: " + dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
