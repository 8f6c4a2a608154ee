package dev.berth.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Bytes used by a directory tree, counted as Docker does: apparent sizes of everything but directories, each
 * hard-linked inode once, symlinks never followed.
 */
public final class DirectorySize {

    private DirectorySize() {
    }

    public static long of(Path root) throws IOException {
        // Most volumes a prune removes are empty: one native directory read answers for them, where a tree walk
        // costs several calls and objects per directory.
        String[] names = root.toFile().list();
        if (names != null && names.length == 0) {
            return 0;
        }
        return of(root, dir -> { });
    }

    /** Called for each directory of the tree before its entries are read. */
    @FunctionalInterface
    public interface DirectoryHook {
        void beforeListing(Path dir) throws IOException;
    }

    /** {@link #of(Path)}, calling {@code hook} on each directory before its entries are read. */
    public static long of(Path root, DirectoryHook hook) throws IOException {
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                hook.beforeListing(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                long size = attrs.size();
                if (size > 0 && !attrs.isDirectory()) {
                    Object key = attrs.fileKey();
                    if (key == null || seen.add(key)) {
                        total[0] += size;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
        return total[0];
    }
}
