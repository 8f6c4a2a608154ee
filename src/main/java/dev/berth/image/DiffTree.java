package dev.berth.image;

import dev.berth.sys.FileSys;
import dev.berth.sys.Trees;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The diff directory a layer is unpacked into, seen through cleaned relative names: parents are verified with
 * lstat (never through a symlink) or created, replaced paths are removed, and file content the tar-split still
 * refers to is moved to {@code dup/} first. Relies on the directory being private to berth while it is filled.
 * Not thread-safe; one per unpack.
 */
final class DiffTree {

    private final Path root;
    private final Path dup;
    private final TreeSet<String> knownDirs = new TreeSet<>();
    private final TreeMap<String, Integer> liveContent = new TreeMap<>();

    DiffTree(Path root, Path dup) {
        this.root = root;
        this.dup = dup;
    }

    /** Records that {@code rel} is a directory this unpack made or checked. */
    void knownDirectory(String rel) {
        knownDirs.add(rel);
    }

    /** Records that the content of {@code rel} is tar-split file record {@code index}. */
    void contentAt(String rel, int index) {
        liveContent.put(rel, index);
    }

    /**
     * Makes sure every component of {@code dir} is a real directory, creating missing ones (0755, as Docker), and
     * refuses a symlink or other non-directory in the way: nothing is ever written through a link.
     */
    void ensureDirectory(String dir, String forEntry, boolean create) throws IOException {
        if (dir.isEmpty() || knownDirs.contains(dir)) {
            return;
        }
        String[] parts = dir.split("/");
        String prefix = "";
        for (String part : parts) {
            prefix = EntryNames.join(prefix, part);
            if (knownDirs.contains(prefix)) {
                continue;
            }
            Path p = resolve(prefix);
            BasicFileAttributes a = lstat(p);
            if (a == null && !create) {
                throw new LayerFormatException("invalid hardlink \"" + forEntry + "\": target is not an earlier entry"
                        + " of this layer");
            }
            if (a == null) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException race) {
                    throw new LayerFormatException("invalid archive entry \"" + forEntry + "\": \"" + prefix
                            + "\" appeared while unpacking");
                }
                FileSys.chmod(p, 0755);
            } else if (!a.isDirectory()) {
                throw new LayerFormatException("invalid archive entry \"" + forEntry + "\": \"" + prefix + "\" is "
                        + (a.isSymbolicLink() ? "a symlink" : "not a directory") + "; refusing to write through it");
            }
            knownDirs.add(prefix);
        }
    }

    /** Removes {@code rel} (recursively for a directory), first moving aside content the tar-split still needs. */
    void removeExisting(String rel) throws IOException {
        Path p = resolve(rel);
        BasicFileAttributes a = lstat(p);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            for (String child : new ArrayList<>(liveContent.subMap(rel + "/", rel + "0").keySet())) {
                relocate(child);
            }
            Trees.deleteRecursively(p);
            knownDirs.remove(rel);
            knownDirs.subSet(rel + "/", rel + "0").clear();
        } else if (!relocate(rel)) {
            Files.delete(p);
        }
    }

    /** Moves the content of {@code rel} to {@code dup/} if the tar-split refers to it; true when moved. */
    private boolean relocate(String rel) throws IOException {
        Integer index = liveContent.remove(rel);
        if (index == null) {
            return false;
        }
        Files.createDirectories(dup);
        Files.move(resolve(rel), dup.resolve(Integer.toString(index)));
        return true;
    }

    Path resolve(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
