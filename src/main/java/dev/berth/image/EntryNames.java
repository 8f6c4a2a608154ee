package dev.berth.image;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lexical cleaning of archive entry names: absolute names become relative, {@code .} and empty components vanish,
 * {@code ..} pops a component and is refused when it would climb above the root. The result is "" for the root
 * or a '/'-joined relative path. Stateless and thread-safe.
 */
final class EntryNames {

    private EntryNames() {
    }

    /** Returns the cleaned relative name, or throws {@link LayerFormatException} for a name escaping the root. */
    static String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new LayerFormatException("invalid archive entry \"" + name + "\": path escapes the root");
                }
                parts.removeLast();
                continue;
            }
            if (part.indexOf('\0') >= 0) {
                throw new LayerFormatException("invalid archive entry \"" + name + "\": NUL in name");
            }
            parts.addLast(part);
        }
        return String.join("/", parts);
    }

    /** The parent of a cleaned name ("" for top-level names and the root). */
    static String parent(String clean) {
        int slash = clean.lastIndexOf('/');
        return slash < 0 ? "" : clean.substring(0, slash);
    }

    /** The last component of a cleaned name. */
    static String base(String clean) {
        return clean.substring(clean.lastIndexOf('/') + 1);
    }

    static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}
