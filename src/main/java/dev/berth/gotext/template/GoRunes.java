package dev.berth.gotext.template;

import java.util.Locale;

/** Rune formatting Go's messages use. */
final class GoRunes {

    private GoRunes() {
    }

    /** {@code %#U}: {@code U+0041 'A'}, without the quoted rune when it is not printable. */
    static String formatU(int r) {
        String hex = Integer.toHexString(r).toUpperCase(Locale.ROOT);
        String u = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
        return printable(r) ? u + " '" + new String(Character.toChars(r)) + "'" : u;
    }

    /** Go's {@code strconv.IsPrint}. */
    static boolean printable(int r) {
        if (r <= 0xff) {
            return (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r != 0xad);
        }
        return switch (Character.getType(r)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
