package dev.berth.api;

import dev.berth.gotext.GoUtf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A read position in JSON that {@link GoJsonSyntax} has already accepted: skips whitespace and values, reads number
 * literals and reads strings as Go's {@code unquote} does (invalid UTF-8 and lone surrogates become U+FFFD, a
 * surrogate pair one rune). Not thread-safe.
 */
final class GoJsonCursor {

    final byte[] b;
    final int end;
    int pos;

    GoJsonCursor(byte[] b, int start, int end) {
        this.b = b;
        this.end = end;
        this.pos = start;
        skipSpace();
    }

    /** The byte at the current position. */
    int peek() {
        return b[pos] & 0xff;
    }

    void skipSpace() {
        pos = GoJsonSyntax.skipSpace(b, pos, end);
    }

    /** The number literal at the current position. */
    String numberLiteral() {
        int start = pos;
        while (pos < end && "0123456789.eE+-".indexOf(b[pos]) >= 0) {
            pos++;
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** Skips the value at {@code pos} (syntax is known to be valid). */
    void skipValue() {
        skipSpace();
        int c = b[pos];
        if (c == '"') {
            readString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                int ch = b[pos];
                if (ch == '"') {
                    readString();
                    continue;
                }
                if (ch == '{' || ch == '[') {
                    depth++;
                } else if (ch == '}' || ch == ']') {
                    depth--;
                }
                pos++;
            } while (depth > 0);
        } else {
            while (pos < end && "{}[],: \t\r\n".indexOf(b[pos]) < 0) {
                pos++;
            }
        }
    }

    /** Reads the string at {@code pos} as Go's {@code unquote} does. */
    String readString() {
        pos++;
        ByteArrayOutputStream out = null;
        int start = pos;
        while (b[pos] != '"') {
            int c = b[pos] & 0xff;
            if (c == '\\' || c >= 0x80) {
                if (out == null) {
                    out = new ByteArrayOutputStream();
                }
                out.write(b, start, pos - start);
                if (c == '\\') {
                    escape(out);
                } else {
                    int d = GoUtf8.decode(b, pos, end);
                    writeRune(out, GoUtf8.rune(d));
                    pos += GoUtf8.width(d);
                }
                start = pos;
            } else {
                pos++;
            }
        }
        String s;
        if (out == null) {
            s = new String(b, start, pos - start, StandardCharsets.UTF_8);
        } else {
            out.write(b, start, pos - start);
            s = out.toString(StandardCharsets.UTF_8);
        }
        pos++;
        return s;
    }

    private void escape(ByteArrayOutputStream out) {
        int e = b[pos + 1];
        pos += 2;
        switch (e) {
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case 'u' -> {
                int r = hex4(pos);
                pos += 4;
                if (r >= 0xd800 && r < 0xe000) {
                    // A valid pair is consumed whole; anything else is U+FFFD and the next escape stays.
                    if (r < 0xdc00 && pos + 6 <= end && b[pos] == '\\' && b[pos + 1] == 'u') {
                        int low = hex4(pos + 2);
                        if (low >= 0xdc00 && low < 0xe000) {
                            pos += 6;
                            writeRune(out, 0x10000 + ((r - 0xd800) << 10) + (low - 0xdc00));
                            return;
                        }
                    }
                    r = GoUtf8.RUNE_ERROR;
                }
                writeRune(out, r);
            }
            default -> out.write(e);
        }
    }

    private int hex4(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(b[at + i], 16);
            if (digit < 0) {
                return -1;
            }
            v = v << 4 | digit;
        }
        return v;
    }

    private static void writeRune(ByteArrayOutputStream out, int r) {
        out.writeBytes(new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8));
    }

}
