package dev.berth.gotext.template;

import java.nio.charset.StandardCharsets;

/** Go's byte view of strings: lengths and slices count UTF-8 bytes, as {@code len(s)} and {@code s[i:j]} do. */
final class GoStrings {

    private GoStrings() {
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code s[from:to]} in bytes. A cut inside a multi-byte rune leaves invalid UTF-8, which a Java string cannot
     * hold: those bytes become U+FFFD.
     */
    static String slice(String s, int from, int to) {
        byte[] b = bytes(s);
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** The UTF-8 byte offset of char index {@code charIndex}. */
    static int byteOffset(String s, int charIndex) {
        return utf8Length(s.substring(0, charIndex));
    }
}
