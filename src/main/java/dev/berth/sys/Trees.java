package dev.berth.sys;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BooleanSupplier;

/**
 * Removal of directory trees berth owns (layers, temporary dirs, container upper/work dirs, removed volumes' data):
 * symlinks are removed, never followed, and the walk refuses to cross into another filesystem, so a mount left
 * inside cannot be emptied by accident. Entries that vanish meanwhile (another deleter) are not errors. Stateless
 * and thread-safe.
 */
public final class Trees {

    private Trees() {
    }

    /** Deletes {@code root} and everything under it; a missing root is not an error. */
    public static void deleteRecursively(Path root) throws IOException {
        deleteRecursively(root, () -> false);
    }

    /**
     * {@link #deleteRecursively(Path)}, asking {@code stop} before each entry: once it answers true the walk ends
     * and what is left of the tree stays in place.
     *
     * @throws IOException when an entry cannot be deleted, or a directory of the tree lies on another filesystem
     *                     (nothing under it is touched)
     */
    public static void deleteRecursively(Path root, BooleanSupplier stop) throws IOException {
        BasicFileAttributes top;
        try {
            top = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!top.isDirectory()) {
            Files.deleteIfExists(root);
            return;
        }
        Object rootDev = device(root);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                // The root's own device is rootDev, read above.
                if (!dir.equals(root) && !device(dir).equals(rootDev)) {
                    throw new IOException("refusing to delete across a mount point: " + dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                Files.deleteIfExists(file);
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
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Object device(Path p) throws IOException {
        return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }
}
