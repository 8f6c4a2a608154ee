package dev.berth.gotext.template;

import dev.berth.gotext.GoNumberFormatException;
import dev.berth.gotext.GoStrconv;

import java.math.BigInteger;

/**
 * Go's literal syntax as templates read it: {@code strconv.Unquote} for "..." and `...`, {@code UnquoteChar} for
 * 'x', and the number forms of {@code strconv.ParseInt/ParseUint(s, 0, 64)} (0x, 0o, 0b, leading-zero octal,
 * underscores). Stateless.
 */
final class GoLiterals {

    /** Go's strconv.ErrSyntax, whose text is what a template parse error then shows. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private GoLiterals() {
    }

    static String unquote(String s) throws SyntaxError {
        if (s.length() < 2) {
            throw new SyntaxError("invalid syntax");
        }
        char q = s.charAt(0);
        if (q != s.charAt(s.length() - 1)) {
            throw new SyntaxError("invalid syntax");
        }
        String body = s.substring(1, s.length() - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) {
                throw new SyntaxError("invalid syntax");
            }
            return body.replace("\r", "");
        }
        if (q != '"') {
            throw new SyntaxError("invalid syntax");
        }
        StringBuilder out = new StringBuilder();
        int[] i = {0};
        while (i[0] < body.length()) {
            char c = body.charAt(i[0]);
            if (c == '"' || c == '\n') {
                throw new SyntaxError("invalid syntax");
            }
            unquoteChar(body, i, '"', out);
        }
        return out.toString();
    }

    /** Decodes one (possibly escaped) rune of {@code s} at {@code i[0]}, advancing it. */
    static void unquoteChar(String s, int[] i, char quote, StringBuilder out) throws SyntaxError {
        int c = s.codePointAt(i[0]);
        i[0] += Character.charCount(c);
        if (c != '\\') {
            if (c == quote && quote == '\'') {
                throw new SyntaxError("invalid syntax");
            }
            out.appendCodePoint(c);
            return;
        }
        if (i[0] >= s.length()) {
            throw new SyntaxError("invalid syntax");
        }
        char e = s.charAt(i[0]++);
        switch (e) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case '\'', '"' -> {
                if (e != quote) {
                    throw new SyntaxError("invalid syntax");
                }
                out.append(e);
            }
            case 'x', 'u', 'U' -> {
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i[0] + n > s.length()) {
                    throw new SyntaxError("invalid syntax");
                }
                int v;
                try {
                    v = Integer.parseUnsignedInt(s.substring(i[0], i[0] + n), 16);
                } catch (NumberFormatException ex) {
                    throw new SyntaxError("invalid syntax");
                }
                i[0] += n;
                if (e == 'x') {
                    // A byte: in a Java string it can only stand for the rune of the same value.
                    out.append((char) v);
                } else {
                    if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
                        throw new SyntaxError("invalid syntax");
                    }
                    out.appendCodePoint(v);
                }
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                if (i[0] + 2 > s.length()) {
                    throw new SyntaxError("invalid syntax");
                }
                int v = e - '0';
                for (int k = 0; k < 2; k++) {
                    char d = s.charAt(i[0]++);
                    if (d < '0' || d > '7') {
                        throw new SyntaxError("invalid syntax");
                    }
                    v = v * 8 + (d - '0');
                }
                if (v > 255) {
                    throw new SyntaxError("invalid syntax");
                }
                out.append((char) v);
            }
            default -> throw new SyntaxError("invalid syntax");
        }
    }

    /** {@code strconv.ParseUint(s, 0, 64)}, or null when it fails. */
    static BigInteger parseUnsigned(String s) {
        if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
            return null;
        }
        return parseMagnitude(s);
    }

    /** {@code strconv.ParseInt(s, 0, 64)} as a big integer (range checked by the caller), or null. */
    static BigInteger parseSigned(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean neg = s.charAt(0) == '-';
        String body = s.charAt(0) == '+' || neg ? s.substring(1) : s;
        BigInteger m = parseMagnitude(body);
        return m == null ? null : neg ? m.negate() : m;
    }

    private static BigInteger parseMagnitude(String s) {
        int base = 10;
        String digits = s;
        boolean prefixed = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                digits = s.substring(2);
                prefixed = true;
            } else {
                base = 8;
                digits = s.substring(1);
                prefixed = true;
            }
        }
        if (digits.contains("_")) {
            // Underscores only between digits or after a base prefix (Go's underscoreOK).
            String check = (prefixed ? "0" : "") + digits;
            if (check.startsWith("_") || check.endsWith("_") || check.contains("__")) {
                return null;
            }
            digits = digits.replace("_", "");
        }
        if (digits.isEmpty()) {
            return prefixed && base == 8 ? BigInteger.ZERO : null;
        }
        try {
            return new BigInteger(digits, base);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double parseFloat(String s) {
        try {
            return GoStrconv.parseFloat(s);
        } catch (GoNumberFormatException | NumberFormatException e) {
            return null;
        }
    }
}
