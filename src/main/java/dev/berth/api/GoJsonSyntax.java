package dev.berth.api;

import dev.berth.gotext.GoQuote;

import java.util.Arrays;

/**
 * Checks a request body's JSON syntax and reports the first error in the words of Go's {@code encoding/json}
 * (what Docker answers), e.g. {@code invalid character 'i' looking for beginning of object key string}.
 * Jackson's own messages differ, and clients and tests compare these texts. Two readings exist, as in Go: a
 * {@code json.Decoder} reads one value and leaves the rest ({@link #scanValue}, {@link #more}); {@code json.Unmarshal}
 * wants exactly one value ({@link #checkValid}). Nesting deeper than Go's limit of {@value #MAX_DEPTH} is a syntax
 * error, as in Go; the scan itself is iterative, so any depth up to that is checked without deep Java stacks.
 */
final class GoJsonSyntax {

    /** A syntax error, already worded as Go does. */
    static final class SyntaxError extends Exception {
        private final boolean eof;

        SyntaxError(String message) {
            this(message, false);
        }

        private SyntaxError(String message, boolean eof) {
            super(message, null, false, false);
            this.eof = eof;
        }

        /** True when the input ended inside a value (a Decoder says "unexpected EOF", Unmarshal otherwise). */
        boolean eof() {
            return eof;
        }
    }

    /** Go's {@code maxNestingDepth}: arrays and objects open at once. */
    static final int MAX_DEPTH = 10000;

    private static final byte IN_ARRAY = 0;
    private static final byte IN_OBJECT = 1;

    private final byte[] b;
    private final int end;
    private int pos;

    private GoJsonSyntax(byte[] b, int offset, int end) {
        this.b = b;
        this.pos = offset;
        this.end = end;
    }

    /**
     * Checks one JSON value followed by nothing but whitespace, as a Decoder reads it.
     *
     * @return true when content follows the value (Docker's "unexpected content after JSON")
     */
    static boolean check(byte[] bytes, int offset, int length) throws SyntaxError {
        int start = skipSpace(bytes, offset, offset + length);
        if (start >= offset + length) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        return more(bytes, scanValue(bytes, start, offset + length), offset + length);
    }

    /** The index of the first byte at or after {@code i} that is not JSON whitespace. */
    static int skipSpace(byte[] bytes, int i, int end) {
        while (i < end && isSpace(bytes[i])) {
            i++;
        }
        return i;
    }

    /**
     * Scans the one value that starts at {@code start} (JSON whitespace first is skipped), as a Decoder does.
     *
     * @return the index just past the value
     * @throws SyntaxError Go's text; input ending inside the value is {@code unexpected EOF}
     */
    static int scanValue(byte[] bytes, int start, int end) throws SyntaxError {
        GoJsonSyntax s = new GoJsonSyntax(bytes, start, end);
        s.skipSpace();
        s.value();
        return s.pos;
    }

    /** Go's {@code Decoder.More} after a value: something other than whitespace, {@code ]} or {@code }} follows. */
    static boolean more(byte[] bytes, int i, int end) {
        int next = skipSpace(bytes, i, end);
        return next < end && bytes[next] != ']' && bytes[next] != '}';
    }

    /**
     * Go's {@code checkValid}, which {@code json.Unmarshal} runs first: exactly one value and whitespace. Its texts
     * differ from a Decoder's: {@code unexpected end of JSON input}, {@code invalid character 'x' after top-level
     * value}.
     */
    static void checkValid(byte[] bytes, int offset, int end) throws SyntaxError {
        int start = skipSpace(bytes, offset, end);
        if (start >= end) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        int after;
        try {
            after = scanValue(bytes, start, end);
        } catch (SyntaxError e) {
            throw e.eof() ? new SyntaxError("unexpected end of JSON input") : e;
        }
        int next = skipSpace(bytes, after, end);
        if (next < end) {
            throw invalid(bytes[next] & 0xff, "after top-level value");
        }
    }

    /**
     * Scans one value without recursion: {@code stack} holds what each open array or object is, so nesting costs
     * heap, not Java stack. Go's scanner allows {@value #MAX_DEPTH} levels; the next {@code [} or {@code {} is
     * {@code invalid character '[' exceeded max depth}.
     */
    private void value() throws SyntaxError {
        byte[] stack = new byte[16];
        int depth = 0;
        while (true) {
            // At the beginning of a value, whitespace already skipped.
            int c = next("looking for beginning of value");
            boolean complete = true;
            switch (c) {
                case '{', '[' -> {
                    if (depth == MAX_DEPTH) {
                        throw invalid(c, "exceeded max depth");
                    }
                    if (depth == stack.length) {
                        stack = Arrays.copyOf(stack, Math.min(MAX_DEPTH, depth * 2));
                    }
                    skipSpace();
                    if (c == '[') {
                        if (pos < end && b[pos] == ']') {
                            pos++;
                        } else {
                            stack[depth++] = IN_ARRAY;
                            complete = false;
                        }
                    } else {
                        int k = next("looking for beginning of object key string");
                        if (k != '}') {
                            stack[depth++] = IN_OBJECT;
                            key(k);
                            complete = false;
                        }
                    }
                }
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number(c);
                    } else {
                        throw invalid(c, "looking for beginning of value");
                    }
                }
            }
            if (!complete) {
                continue;
            }
            // A value ended: close what it ends, up to the next member or element.
            while (true) {
                if (depth == 0) {
                    return;
                }
                skipSpace();
                boolean inObject = stack[depth - 1] == IN_OBJECT;
                String context = inObject ? "after object key:value pair" : "after array element";
                c = next(context);
                if (c == (inObject ? '}' : ']')) {
                    depth--;
                    continue;
                }
                if (c != ',') {
                    throw invalid(c, context);
                }
                skipSpace();
                if (inObject) {
                    key(next("looking for beginning of object key string"));
                }
                break;
            }
        }
    }

    /** An object key from its first byte {@code c} through the colon and the whitespace after it. */
    private void key(int c) throws SyntaxError {
        if (c != '"') {
            throw invalid(c, "looking for beginning of object key string");
        }
        string();
        skipSpace();
        c = next("after object key");
        if (c != ':') {
            throw invalid(c, "after object key");
        }
        skipSpace();
    }

    private void string() throws SyntaxError {
        while (true) {
            int c = next("in string literal");
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                int e = next("in string escape code");
                switch (e) {
                    case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> {
                    }
                    case 'u' -> {
                        for (int i = 0; i < 4; i++) {
                            int h = next("in \\u hexadecimal character escape");
                            if (Character.digit(h, 16) < 0) {
                                throw invalid(h, "in \\u hexadecimal character escape");
                            }
                        }
                    }
                    default -> throw invalid(e, "in string escape code");
                }
            } else if (c < 0x20) {
                throw invalid(c, "in string literal");
            }
        }
    }

    private void number(int first) throws SyntaxError {
        int c = first;
        if (c == '-') {
            c = next("in numeric literal");
            if (c < '0' || c > '9') {
                throw invalid(c, "in numeric literal");
            }
        }
        if (c != '0') {
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            c = next("after decimal point in numeric literal");
            if (!isDigit(c)) {
                throw invalid(c, "after decimal point in numeric literal");
            }
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            c = next("in exponent of numeric literal");
            if (c == '+' || c == '-') {
                c = next("in exponent of numeric literal");
            }
            if (!isDigit(c)) {
                throw invalid(c, "in exponent of numeric literal");
            }
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
    }

    private void literal(String word) throws SyntaxError {
        for (int i = 1; i < word.length(); i++) {
            int c = next("in literal " + word + " (expecting '" + word.charAt(i) + "')");
            if (c != word.charAt(i)) {
                throw invalid(c, "in literal " + word + " (expecting '" + word.charAt(i) + "')");
            }
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private int next(String context) throws SyntaxError {
        if (pos >= end) {
            throw new SyntaxError("unexpected EOF", true);
        }
        return b[pos++] & 0xff;
    }

    private void skipSpace() {
        pos = skipSpace(b, pos, end);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static SyntaxError invalid(int c, String context) {
        return new SyntaxError("invalid character " + GoQuote.quoteChar(c) + " " + context);
    }
}
