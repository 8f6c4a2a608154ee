package dev.berth.filter;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a Go regular expression will cost RE2J, estimated from its text before compiling it, so that a filter value
 * cannot make berth allocate or recurse without bound. Go's parser rejects such expressions itself
 * ({@code regexp/syntax}: nested counted repetitions over 1000, a tree higher than 1000, a program over ~3.3M
 * instructions or 32M runes); RE2J 1.8 only checks single repeat counts, and it compiles more slowly and
 * follows transitions that consume no input recursively, so berth's bounds on size are lower than Go's:
 * <ul>
 *   <li>counted repetitions nested to a product over 1000: {@code invalid repeat count}, exactly as Go;</li>
 *   <li>1000 or more nested groups: {@code expression nests too deeply} (Go limits the parse tree's height to
 *       1000, which nested groups approximate from above: a group without capture or repetition adds no level);</li>
 *   <li>more than {@value #MAX_LENGTH} characters (RE2J's parser is quadratic in the length of a literal),
 *       {@value #MAX_SIZE} instructions, {@value #MAX_EMPTY} instructions that consume no input
 *       (alternations, captures, assertions: RE2J's matcher recurses once per such instruction) or
 *       {@value #MAX_RUNES} runes in literals and classes: {@code expression too large}. Sizes follow Go's
 *       {@code calcSize}.</li>
 * </ul>
 * The scan is linear, iterative and lenient: syntax errors are left for RE2J to report. Stateless.
 */
final class RegexpBudget {

    static final int MAX_LENGTH = 4096;
    static final int MAX_DEPTH = 1000;
    static final int MAX_REPEAT = 1000;
    static final long MAX_SIZE = 100_000;
    static final long MAX_EMPTY = 2_000;
    static final long MAX_RUNES = 500_000;

    static final String TOO_LARGE = "expression too large";
    static final String TOO_DEEP = "expression nests too deeply";
    static final String BAD_REPEAT = "invalid repeat count";

    /** Runes a Unicode class escape such as {@code \pL} may add (Go: "each \pL adds 1292 runes"). */
    private static final int UNICODE_CLASS_RUNES = 1300;
    private static final int PERL_CLASS_RUNES = 8;

    private RegexpBudget() {
    }

    /** Go's rejection of {@code expr} as (error code, offending text), or null when it is within budget. */
    static String[] check(String expr) {
        if (expr.length() > MAX_LENGTH) {
            return new String[] {TOO_LARGE, expr};
        }
        return new Scan(expr).run();
    }

    /**
     * One parsed piece: its instructions, those of them that consume no input, and the largest product of counted
     * repetitions on a path through it (Go's {@code repeatIsValid}).
     */
    private record Cost(long size, long empty, long repeats) {
        static final Cost CHAR = new Cost(1, 0, 1);
        static final Cost EMPTY_WIDTH = new Cost(1, 1, 1);
    }

    /** An open group: the finished alternatives and the current concatenation, whose last piece is pending. */
    private static final class Group {
        final boolean capture;
        long altSize;
        long altEmpty;
        long altRepeats = 1;
        int branches;
        long size;
        long empty;
        long repeats = 1;
        Cost last;

        Group(boolean capture) {
            this.capture = capture;
        }

        void add(Cost c) {
            commit();
            last = c;
        }

        void commit() {
            if (last != null) {
                size = sat(size + last.size());
                empty = sat(empty + last.empty());
                repeats = Math.max(repeats, last.repeats());
                last = null;
            }
        }

        void endBranch() {
            commit();
            if (size == 0) {
                size = 1;
                empty = 1;
            }
            altSize = sat(altSize + size);
            altEmpty = sat(altEmpty + empty);
            altRepeats = Math.max(altRepeats, repeats);
            branches++;
            size = 0;
            empty = 0;
            repeats = 1;
        }

        Cost close() {
            endBranch();
            long extra = (branches - 1) + (capture ? 2 : 0);
            return new Cost(sat(altSize + extra), sat(altEmpty + extra), altRepeats);
        }
    }

    private static final class Scan {
        private final String s;
        private final Deque<Group> groups = new ArrayDeque<>();
        private long runes;
        private int i;

        Scan(String s) {
            this.s = s;
        }

        String[] run() {
            groups.push(new Group(false));
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                String[] err = switch (c) {
                    case '(' -> open();
                    case ')' -> close();
                    case '|' -> {
                        groups.peek().endBranch();
                        i++;
                        yield null;
                    }
                    case '*', '+', '?' -> repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1, i, i + 1);
                    case '{' -> brace();
                    case '[' -> charClass();
                    case '\\' -> escape();
                    case '^', '$' -> atom(Cost.EMPTY_WIDTH, 1, 0);
                    case '.' -> atom(Cost.CHAR, 1, 0);
                    default -> atom(Cost.CHAR, Character.charCount(s.codePointAt(i)), 1);
                };
                if (err != null) {
                    return err;
                }
            }
            Cost total = null;
            while (!groups.isEmpty()) {
                Group g = groups.pop();
                if (total != null) {
                    g.add(total);
                }
                total = g.close();
            }
            return tooLarge(total);
        }

        private String[] atom(Cost c, int length, long count) {
            runes += count;
            groups.peek().add(c);
            i += length;
            return null;
        }

        private String[] open() {
            boolean capture = true;
            if (s.startsWith("(?P<", i) || s.startsWith("(?<", i)) {
                int end = s.indexOf('>', i);
                i = end < 0 ? s.length() : end + 1;
            } else if (s.startsWith("(?", i)) {
                int j = i + 2;
                while (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '-')) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == ')') {
                    i = j + 1;
                    return null;
                }
                capture = false;
                i = j + 1;
            } else {
                i++;
            }
            groups.push(new Group(capture));
            return groups.size() - 1 >= MAX_DEPTH ? new String[] {TOO_DEEP, s} : null;
        }

        private String[] close() {
            i++;
            if (groups.size() == 1) {
                return null;
            }
            Cost c = groups.pop().close();
            groups.peek().add(c);
            return tooLarge(c);
        }

        /** {@code {n}}, {@code {n,}} or {@code {n,m}}; otherwise Go reads the brace as a literal. */
        private String[] brace() {
            int j = i + 1;
            int min = digits(j);
            if (min == j) {
                return atom(Cost.CHAR, 1, 1);
            }
            long lo = number(j, min);
            long hi = lo;
            j = min;
            if (j < s.length() && s.charAt(j) == ',') {
                int max = digits(j + 1);
                hi = max == j + 1 ? -1 : number(j + 1, max);
                j = max;
            }
            if (j >= s.length() || s.charAt(j) != '}') {
                return atom(Cost.CHAR, 1, 1);
            }
            return repeat(lo, hi, i, j + 1);
        }

        private int digits(int from) {
            int j = from;
            while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            return j;
        }

        /** The count, capped: anything above 1000 is RE2J's {@code invalid repeat count}. */
        private long number(int from, int to) {
            return to - from > 5 ? MAX_REPEAT + 1 : Long.parseLong(s.substring(from, to));
        }

        /** Applies a repetition ({@code max} -1 for unbounded) to the pending piece, with Go's size formulas. */
        private String[] repeat(long min, long max, int start, int end) {
            i = end;
            if (i < s.length() && s.charAt(i) == '?') {
                i++;
            }
            Group g = groups.peek();
            Cost sub = g.last;
            if (sub == null || min > MAX_REPEAT || max > MAX_REPEAT) {
                return null;
            }
            long repeats = sub.repeats();
            if (s.charAt(start) == '{') {
                long copies = max == -1 ? min : max;
                repeats = copies == 0 ? 1 : copies * repeats;
            }
            if (repeats > MAX_REPEAT) {
                return new String[] {BAD_REPEAT, s.substring(start, i)};
            }
            Cost c;
            if (max == -1) {
                c = min == 0 ? grow(sub, 1, 2) : grow(sub, min, 1);
            } else {
                c = grow(sub, max, max - min);
            }
            g.last = c.size() == 0 ? new Cost(1, 1, repeats) : new Cost(c.size(), c.empty(), repeats);
            return tooLarge(g.last);
        }

        private static Cost grow(Cost sub, long copies, long extra) {
            return new Cost(sat(copies * sub.size() + extra), sat(copies * sub.empty() + extra), sub.repeats());
        }

        private String[] charClass() {
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '^') {
                j++;
            }
            boolean first = true;
            long count = 0;
            while (j < s.length() && (first || s.charAt(j) != ']')) {
                first = false;
                if (s.startsWith("[:", j)) {
                    int end = s.indexOf(":]", j + 2);
                    if (end >= 0) {
                        count += PERL_CLASS_RUNES;
                        j = end + 2;
                        continue;
                    }
                }
                if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                    int end = escapeEnd(j);
                    count += escapeRunes(j);
                    j = end;
                } else {
                    count += 2;
                    j += Character.charCount(s.codePointAt(j));
                }
            }
            if (j >= s.length()) {
                i = j;
                return null;
            }
            return atom(Cost.CHAR, j + 1 - i, count);
        }

        private String[] escape() {
            if (i + 1 >= s.length()) {
                i++;
                return null;
            }
            char e = s.charAt(i + 1);
            if (e == 'Q') {
                int end = s.indexOf("\\E", i + 2);
                int stop = end < 0 ? s.length() : end;
                for (int j = i + 2; j < stop; j = s.offsetByCodePoints(j, 1)) {
                    runes++;
                    groups.peek().add(Cost.CHAR);
                }
                i = end < 0 ? s.length() : end + 2;
                return null;
            }
            Cost c = switch (e) {
                case 'b', 'B', 'A', 'z' -> Cost.EMPTY_WIDTH;
                default -> Cost.CHAR;
            };
            return atom(c, escapeEnd(i) - i, escapeRunes(i));
        }

        /** The end of the escape at {@code at} (a backslash): {@code \p{..}}, {@code \x{..}}, octal, or one rune. */
        private int escapeEnd(int at) {
            int j = at + 1;
            char e = s.charAt(j);
            if ((e == 'p' || e == 'P' || e == 'x') && j + 1 < s.length() && s.charAt(j + 1) == '{') {
                int end = s.indexOf('}', j + 2);
                return end < 0 ? s.length() : end + 1;
            }
            if (e == 'p' || e == 'P') {
                return Math.min(s.length(), j + 2);
            }
            if (e == 'x') {
                return Math.min(s.length(), j + 3);
            }
            if (e >= '0' && e <= '7') {
                int k = j + 1;
                while (k < s.length() && k < j + 3 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                    k++;
                }
                return k;
            }
            return j + Character.charCount(s.codePointAt(j));
        }

        private long escapeRunes(int at) {
            return switch (s.charAt(at + 1)) {
                case 'p', 'P' -> UNICODE_CLASS_RUNES;
                case 'd', 'D', 's', 'S', 'w', 'W' -> PERL_CLASS_RUNES;
                case 'b', 'B', 'A', 'z' -> 0;
                default -> 2;
            };
        }

        private String[] tooLarge(Cost c) {
            if (c.size() > MAX_SIZE || c.empty() > MAX_EMPTY || runes > MAX_RUNES) {
                return new String[] {TOO_LARGE, s};
            }
            return null;
        }
    }

    /** Saturating: estimates only grow, and past the bounds the exact figure does not matter. */
    private static long sat(long v) {
        return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v;
    }
}
