package dev.berth.mount;

import dev.berth.sys.Fd;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The inode map of a copy-up: the first copy of every multiply-linked source inode, so later names become hard
 * links to it. The only state of a copy-up that grows with the tree (one entry per inode with nlink &gt; 1).
 * Not thread-safe: only the walking thread uses it.
 */
final class CopyUpHardLinks {
    private record Inode(long dev, long ino) {
    }

    private final Map<Inode, String> firstCopies = new HashMap<>();

    /** The path (below the target root) of the first copy of {@code st}'s inode, or null if none was made yet. */
    String firstCopy(Stat st) {
        return firstCopies.get(new Inode(st.dev(), st.ino()));
    }

    void remember(Stat st, String rel) {
        firstCopies.put(new Inode(st.dev(), st.ino()), rel);
    }

    /**
     * Links {@code newLink} to the first copy at {@code existingRel}. The first copy's directory is reopened
     * beneath the target root with no symlink allowed, so a path swapped inside the volume meanwhile cannot make
     * the link point at a file outside it; link(2) itself never follows the final name.
     */
    static void link(Fd targetRoot, String existingRel, Path newLink) throws IOException {
        int slash = existingRel.lastIndexOf('/');
        String parent = slash < 0 ? "." : existingRel.substring(0, slash);
        String name = existingRel.substring(slash + 1);
        try (Fd dir = targetRoot.openat2(parent, Fd.O_PATH | Fd.O_DIRECTORY, 0,
                Fd.RESOLVE_BENEATH | Fd.RESOLVE_NO_SYMLINKS | Fd.RESOLVE_NO_MAGICLINKS)) {
            Files.createLink(newLink, Path.of(dir.procPath(), name));
        }
    }
}
