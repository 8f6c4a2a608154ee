package dev.berth.gotext;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path.Clean}, {@code path.Base} and {@code path.Dir} for slash-separated paths, and whether one clean
 * absolute path lies within another. Stateless.
 */
public final class GoPath {

    private GoPath() {
    }

    /**
     * {@code path.Clean}: one slash between elements, no "." elements, ".." removed with the element before it (at
     * the start of a rooted path simply removed); "." for an empty result.
     */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        for (String e : path.split("/")) {
            if (e.isEmpty() || e.equals(".")) {
                continue;
            }
            if (e.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.add(e);
                }
                continue;
            }
            out.add(e);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** {@code path.Base}: the last element, trailing slashes ignored; "." for empty, "/" for only slashes. */
    public static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return "/";
        }
        int start = path.lastIndexOf('/', end - 1) + 1;
        return path.substring(start, end);
    }

    /** {@code path.Dir}: everything up to the last slash, cleaned. */
    public static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(path.substring(0, slash + 1));
    }

    /** True when {@code path} is {@code base} or below it, both clean and absolute (lexically; no ".." left). */
    public static boolean within(String base, String path) {
        return path.equals(base) || path.startsWith(base.equals("/") ? "/" : base + "/");
    }
}
