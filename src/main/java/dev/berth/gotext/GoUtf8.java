package dev.berth.gotext;

/**
 * Go's {@code utf8.DecodeRune}: valid UTF-8 decodes to its rune; any invalid or truncated sequence (overlong forms,
 * surrogates, values above U+10FFFF) decodes as {@link #RUNE_ERROR} with width 1, so callers advance one byte.
 * Stateless and thread-safe.
 */
public final class GoUtf8 {

    /** U+FFFD, which Go substitutes for each invalid byte. */
    public static final int RUNE_ERROR = 0xFFFD;

    private GoUtf8() {
    }

    /**
     * Decodes the rune starting at {@code b[i]} (reading no further than {@code end}).
     *
     * @return the rune in the low 21 bits and its width in bytes (1 to 4) above them; see {@link #rune} and
     *     {@link #width}
     */
    public static int decode(byte[] b, int i, int end) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) {
            return pack(b0, 1);
        }
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        int r;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
            r = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            r = b0 & 0x0f;
            if (b0 == 0xe0) {
                lo = 0xa0;
            } else if (b0 == 0xed) {
                hi = 0x9f;
            }
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            r = b0 & 0x07;
            if (b0 == 0xf0) {
                lo = 0x90;
            } else if (b0 == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return pack(RUNE_ERROR, 1);
        }
        if (i + n > end) {
            return pack(RUNE_ERROR, 1);
        }
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xff;
            if (c < lo || c > hi) {
                return pack(RUNE_ERROR, 1);
            }
            lo = 0x80;
            hi = 0xbf;
            r = (r << 6) | (c & 0x3f);
        }
        return pack(r, n);
    }

    public static int rune(int decoded) {
        return decoded & 0x1fffff;
    }

    public static int width(int decoded) {
        return decoded >>> 21;
    }

    /** True when {@code decoded} is Go's marker for one invalid byte (as opposed to an encoded U+FFFD). */
    public static boolean invalid(int decoded) {
        return rune(decoded) == RUNE_ERROR && width(decoded) == 1;
    }

    private static int pack(int rune, int width) {
        return rune | (width << 21);
    }
}
