package dev.berth.gotext;

/**
 * Go's {@code strconv.Quote} (the {@code %q} verb), so messages that quote user input match Docker's byte for byte:
 * {@code \a \b \f \n \r \t \v} short escapes, {@code \x00}-style bytes below space and DEL, {@code \u00a0} and
 * {@code \U0001f600} for runes that are not printable, printable Unicode kept as is. Stateless and thread-safe.
 */
public final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** Quotes a string as {@code strconv.Quote} does. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendEscapedRune(out, cp, '"'));
        return out.append('"').toString();
    }

    /** Quotes raw bytes as Go quotes a string holding them: each byte of invalid UTF-8 becomes {@code \xNN}. */
    public static String quote(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (int i = 0; i < bytes.length; ) {
            int d = GoUtf8.decode(bytes, i, bytes.length);
            if (GoUtf8.invalid(d)) {
                appendHexByte(out, bytes[i] & 0xff);
            } else {
                appendEscapedRune(out, GoUtf8.rune(d), '"');
            }
            i += GoUtf8.width(d);
        }
        return out.append('"').toString();
    }

    /**
     * {@code encoding/json}'s {@code quoteChar}, used in its syntax errors: the byte is taken as the rune U+00XX and
     * quoted with single quotes, so {@code 0xC3} prints as {@code 'Ã'} and {@code 0x80} as {@code '\u0080'}.
     */
    public static String quoteChar(int b) {
        if (b == '\'') {
            return "'\\''";
        }
        if (b == '"') {
            return "'\"'";
        }
        String quoted = quote(new String(new char[] {(char) (b & 0xff)}));
        return "'" + quoted.substring(1, quoted.length() - 1) + "'";
    }

    private static void appendEscapedRune(StringBuilder out, int r, char quote) {
        if (r == quote || r == '\\') {
            out.append('\\').appendCodePoint(r);
            return;
        }
        if (printable(r)) {
            out.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0b -> out.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7f) {
                    appendHexByte(out, r);
                } else if (r < 0x10000) {
                    appendHex(out.append("\\u"), r, 4);
                } else {
                    appendHex(out.append("\\U"), r, 8);
                }
            }
        }
    }

    private static void appendHexByte(StringBuilder out, int b) {
        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    private static void appendHex(StringBuilder out, int v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(v >> shift) & 0xf]);
        }
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean printable(int r) {
        if (r <= 0xff) {
            return (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r != 0xad);
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
