package dev.berth.mount;

import dev.berth.gotext.GoPath;

/** Lexical path helpers with the semantics of Go's {@code path.IsAbs} and {@code filepath.IsLocal} (cleaning: {@link GoPath}). */
final class UnixPaths {

    private UnixPaths() {
    }

    static boolean isAbs(String path) {
        return path.startsWith("/");
    }

    /** Relative, non-empty and not escaping upwards once cleaned (Go {@code filepath.IsLocal} on Unix). */
    static boolean isLocal(String path) {
        if (path.isEmpty() || isAbs(path)) {
            return false;
        }
        String cleaned = GoPath.clean(path);
        return !cleaned.equals("..") && !cleaned.startsWith("../");
    }

    /** Number of separators in the cleaned path: the depth moby sorts mounts by. */
    static int depth(String path) {
        String cleaned = GoPath.clean(path);
        int count = 0;
        for (int i = 0; i < cleaned.length(); i++) {
            if (cleaned.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }
}
