package dev.berth.image;

/**
 * Go's {@code path.Match}, which Docker uses (through {@code reference.FamiliarMatch}) for the {@code reference}
 * filter of {@code GET /images/json}.
 *
 * <p>Pattern syntax: {@code *} is any run of characters other than {@code /}; {@code ?} is one character other than
 * {@code /}; {@code [...]} is one character from a class of characters and {@code lo-hi} ranges, negated by a
 * leading {@code ^}, where {@code \} escapes {@code -}, {@code ]} and itself; {@code \c} elsewhere is the character
 * {@code c}. A malformed pattern (unclosed or empty class, bad range, trailing {@code \}) raises
 * {@link BadPatternException} whatever the name, as Go's {@code ErrBadPattern}.
 *
 * <p>The algorithm is Go's: the pattern is cut into chunks, each a run of stars and the text up to the next star
 * outside a class; a chunk is matched left to right and, after a star, retried one character further on until it
 * fits. An earlier chunk is never revisited, so matching is O(pattern × name) with no backtracking blow-up.
 * Go steps through bytes where this steps through code points; the two agree on every name a reference can have
 * (references are ASCII). Stateless and thread-safe.
 */
final class Globs {

    /** Go's {@code path.ErrBadPattern}: the pattern is malformed. */
    static final class BadPatternException extends RuntimeException {

        BadPatternException() {
            super("syntax error in pattern", null, false, false);
        }
    }

    private Globs() {
    }

    /** Whether {@code name} matches the whole {@code pattern}; throws {@link BadPatternException} if malformed. */
    static boolean match(String pattern, String name) {
        int p = 0;
        int n = 0;
        chunks:
        while (p < pattern.length()) {
            boolean star = false;
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
                star = true;
            }
            int end = chunkEnd(pattern, p);
            boolean last = end == pattern.length();
            if (star && p == end) {
                // Trailing stars: the rest of the name, unless it crosses a '/'.
                return name.indexOf('/', n) < 0;
            }
            int rest = matchChunk(pattern, p, end, name, n);
            // The last chunk must use up the name; if it does not here, a star may still shift it.
            if (rest >= 0 && (!last || rest == name.length())) {
                n = rest;
                p = end;
                continue;
            }
            if (star) {
                // Let the star take one more character at a time, never a '/'.
                int i = n;
                while (i < name.length() && name.charAt(i) != '/') {
                    i += Character.charCount(name.codePointAt(i));
                    rest = matchChunk(pattern, p, end, name, i);
                    if (rest >= 0 && (!last || rest == name.length())) {
                        n = rest;
                        p = end;
                        continue chunks;
                    }
                }
            }
            // No match; as Go, still report a malformed remainder of the pattern.
            p = end;
            while (p < pattern.length()) {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                end = chunkEnd(pattern, p);
                matchChunk(pattern, p, end, name, name.length());
                p = end;
            }
            return false;
        }
        return n == name.length();
    }

    /** Where the chunk starting at {@code from} ends: at the first star outside a class, or the pattern's end. */
    private static int chunkEnd(String pattern, int from) {
        boolean inClass = false;
        int i = from;
        for (; i < pattern.length(); i++) {
            switch (pattern.charAt(i)) {
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        i++;
                    }
                }
                case '[' -> inClass = true;
                case ']' -> inClass = false;
                case '*' -> {
                    if (!inClass) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return i;
    }

    /**
     * Matches the star-free chunk {@code pattern[p, end)} against the start of {@code name[n...]}: the index in the
     * name after the match, or -1. Once a mismatch is seen the chunk is still read to its end, so a malformed chunk
     * throws whatever the name.
     */
    private static int matchChunk(String pattern, int p, int end, String name, int n) {
        boolean failed = false;
        while (p < end) {
            if (!failed && n == name.length()) {
                failed = true;
            }
            char c = pattern.charAt(p);
            if (c == '[') {
                int r = -1;
                if (!failed) {
                    r = name.codePointAt(n);
                    n += Character.charCount(r);
                }
                p++;
                boolean negated = p < end && pattern.charAt(p) == '^';
                if (negated) {
                    p++;
                }
                boolean in = false;
                int ranges = 0;
                while (!(p < end && pattern.charAt(p) == ']' && ranges > 0)) {
                    int lo = classChar(pattern, p, end);
                    p = afterClassChar(pattern, p);
                    int hi = lo;
                    if (pattern.charAt(p) == '-') {
                        hi = classChar(pattern, p + 1, end);
                        p = afterClassChar(pattern, p + 1);
                    }
                    if (lo <= r && r <= hi) {
                        in = true;
                    }
                    ranges++;
                }
                p++;
                if (in == negated) {
                    failed = true;
                }
            } else if (c == '?') {
                if (!failed) {
                    int r = name.codePointAt(n);
                    if (r == '/') {
                        failed = true;
                    }
                    n += Character.charCount(r);
                }
                p++;
            } else {
                if (c == '\\') {
                    p++;
                    if (p == end) {
                        throw new BadPatternException();
                    }
                }
                int want = pattern.codePointAt(p);
                if (!failed) {
                    if (name.codePointAt(n) != want) {
                        failed = true;
                    }
                    n += Character.charCount(name.codePointAt(n));
                }
                p += Character.charCount(want);
            }
        }
        return failed ? -1 : n;
    }

    /**
     * The character at {@code p} in a class, {@code \}-escaped or not. Malformed: nothing left, an unescaped
     * {@code -} or {@code ]}, or nothing after it in the chunk (the class is never closed).
     */
    private static int classChar(String pattern, int p, int end) {
        if (p >= end || pattern.charAt(p) == '-' || pattern.charAt(p) == ']') {
            throw new BadPatternException();
        }
        if (pattern.charAt(p) == '\\') {
            p++;
            if (p == end) {
                throw new BadPatternException();
            }
        }
        int cp = pattern.codePointAt(p);
        if (p + Character.charCount(cp) >= end) {
            throw new BadPatternException();
        }
        return cp;
    }

    private static int afterClassChar(String pattern, int p) {
        if (pattern.charAt(p) == '\\') {
            p++;
        }
        return p + Character.charCount(pattern.codePointAt(p));
    }
}
