package dev.berth.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
        return walk(root, hook, false).bytes();
    }

    /**
     * What a walk found: the bytes, and whether a regular file in the tree has more than one link, so that it may
     * also be written through a name outside the tree.
     */
    public record Usage(long bytes, boolean linkedFile) {
    }

    /** {@link #of(Path, DirectoryHook)}, also telling whether a regular file has another link. */
    public static Usage measure(Path root, DirectoryHook hook) throws IOException {
        return walk(root, hook, true);
    }

    private static Usage walk(Path root, DirectoryHook hook, boolean checkLinks) throws IOException {
        long[] total = {0};
        // Once one linked file is found there is nothing more to learn: the other files cost no extra stat.
        boolean[] linked = {!checkLinks};
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                hook.beforeListing(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                long size = attrs.size();
                if (size > 0 && !attrs.isDirectory()) {
                    Object key = attrs.fileKey();
                    if (key == null || seen.add(key)) {
                        total[0] += size;
                    }
                }
                if (!linked[0] && attrs.isRegularFile()) {
                    linked[0] = linkCount(file) > 1;
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
        return new Usage(total[0], checkLinks && linked[0]);
    }

    /** The file's link count; 1 when it vanished since it was listed (its size no longer counts anyway). */
    private static int linkCount(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return 1;
        }
    }
}
