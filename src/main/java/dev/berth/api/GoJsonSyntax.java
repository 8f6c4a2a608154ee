package dev.berth.api;

import dev.berth.gotext.GoQuote;

/**
 * Checks a request body's JSON syntax and reports the first error in the words of Go's {@code encoding/json}
 * (what Docker answers), e.g. {@code invalid character 'i' looking for beginning of object key string}.
 * Jackson's own messages differ, and clients and tests compare these texts.
 */
final class GoJsonSyntax {

    /** A syntax error, already worded as Go does. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private int pos;

    private GoJsonSyntax(byte[] b, int offset, int length) {
        this.b = b;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * Checks one JSON value followed by nothing but whitespace.
     *
     * @return true when content follows the value (Docker's "unexpected content after JSON")
     */
    static boolean check(byte[] bytes, int offset, int length) throws SyntaxError {
        GoJsonSyntax s = new GoJsonSyntax(bytes, offset, length);
        s.skipSpace();
        if (s.pos >= s.end) {
            throw new SyntaxError("unexpected end of JSON input");
        }
        s.value();
        s.skipSpace();
        // Go's Decoder.More(): trailing ']' or '}' does not count as more content.
        return s.pos < s.end && s.b[s.pos] != ']' && s.b[s.pos] != '}';
    }

    private void value() throws SyntaxError {
        int c = next("looking for beginning of value");
        switch (c) {
            case '{' -> object();
            case '[' -> array();
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
    }

    private void object() throws SyntaxError {
        skipSpace();
        int c = next("looking for beginning of object key string");
        if (c == '}') {
            return;
        }
        while (true) {
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
            value();
            skipSpace();
            c = next("after object key:value pair");
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw invalid(c, "after object key:value pair");
            }
            skipSpace();
            c = next("looking for beginning of object key string");
        }
    }

    private void array() throws SyntaxError {
        skipSpace();
        if (pos < end && b[pos] == ']') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            value();
            skipSpace();
            int c = next("after array element");
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw invalid(c, "after array element");
            }
        }
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
            throw new SyntaxError("unexpected EOF");
        }
        return b[pos++] & 0xff;
    }

    private void skipSpace() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
            pos++;
        }
    }

    private static SyntaxError invalid(int c, String context) {
        return new SyntaxError("invalid character " + GoQuote.quoteChar(c) + " " + context);
    }
}
