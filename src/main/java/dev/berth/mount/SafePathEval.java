package dev.berth.mount;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The lexical-plus-lstat half of a safe subpath join: Go's {@code filepath.EvalSymlinks} for absolute paths
 * (component by component, symlinks substituted, ".." applied to what was resolved so far) with its error texts,
 * and {@code filepath.Rel} for a path that lies below another. Only a check: the path can change afterwards,
 * which {@link SafePathOpen} guards against. Stateless and thread-safe.
 */
final class SafePathEval {
    // Go gives up after this many symlinks in one evaluation.
    private static final int MAX_LINKS = 255;

    private SafePathEval() {
    }

    /** A failure Go reports without a path (ENOTDIR mid-path, a symlink loop), with Go's bare text. */
    static final class BareError extends IOException {
        BareError(String message) {
            super(message);
        }
    }

    /**
     * The absolute, symlink-free form of the absolute {@code path}. lstat failures are {@link ErrnoException}s
     * reading {@code lstat <resolved prefix>: <text>}, as in Go.
     */
    static String evalSymlinks(String path) throws IOException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        Deque<String> pending = new ArrayDeque<>(List.of(path.split("/", -1)));
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            resolved.addLast(part);
            String current = "/" + String.join("/", resolved);
            Stat st = FileSys.lstat(Path.of(current));
            if (!st.isSymlink()) {
                // Anything left after a non-directory (even a bare trailing slash) cannot be walked.
                if (!st.isDirectory() && !pending.isEmpty()) {
                    throw new BareError(ErrnoException.strerror(Errno.ENOTDIR));
                }
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new BareError("EvalSymlinks: too many links");
            }
            String target = Files.readSymbolicLink(Path.of(current)).toString();
            resolved.pollLast();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> parts = List.of(target.split("/", -1));
            for (int i = parts.size() - 1; i >= 0; i--) {
                pending.addFirst(parts.get(i));
            }
        }
        return "/" + String.join("/", resolved);
    }

    /**
     * {@code target} relative to {@code base} (both absolute and clean): "." for the base itself, null when target
     * is not the base or below it (Go's Rel would answer with ".." components, which are never local).
     */
    static String relativeTo(String base, String target) {
        if (target.equals(base)) {
            return ".";
        }
        String prefix = base.equals("/") ? "/" : base + "/";
        return target.startsWith(prefix) ? target.substring(prefix.length()) : null;
    }
}
