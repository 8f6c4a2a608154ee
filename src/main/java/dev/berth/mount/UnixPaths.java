package dev.berth.mount;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical path helpers with the semantics of Go's {@code path.Clean}, {@code path.IsAbs}, {@code filepath.IsLocal}. */
final class UnixPaths {

    private UnixPaths() {
    }

    /** Shortest lexically equivalent path: repeated slashes, {@code .} and {@code ..} resolved, no trailing slash. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                // ".." above the root stays at the root, as in Go.
                continue;
            }
            parts.addLast(segment);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    static boolean isAbs(String path) {
        return path.startsWith("/");
    }

    /** Relative, non-empty and not escaping upwards once cleaned (Go {@code filepath.IsLocal} on Unix). */
    static boolean isLocal(String path) {
        if (path.isEmpty() || isAbs(path)) {
            return false;
        }
        String cleaned = clean(path);
        return !cleaned.equals("..") && !cleaned.startsWith("../");
    }

    /** Number of separators in the cleaned path: the depth moby sorts mounts by. */
    static int depth(String path) {
        String cleaned = clean(path);
        int count = 0;
        for (int i = 0; i < cleaned.length(); i++) {
            if (cleaned.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }
}
