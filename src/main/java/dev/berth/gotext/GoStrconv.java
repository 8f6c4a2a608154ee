package dev.berth.gotext;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} and the float-to-int64 conversion of amd64, where Docker parses numbers
 * out of user text: the Go float-literal syntax (decimal or hexadecimal with a {@code p} exponent, underscores
 * between digits, {@code Inf}/{@code Infinity}/{@code NaN} in any case), nothing else — no spaces, no Java
 * {@code d}/{@code f} suffixes. Stateless and thread-safe.
 */
public final class GoStrconv {

    private static final double TWO_POW_63 = 0x1p63;

    private GoStrconv() {
    }

    /**
     * {@code strconv.Atoi} on a 64-bit platform: an optional sign and decimal digits, nothing else.
     *
     * @throws GoNumberFormatException {@code invalid syntax}, or {@code value out of range} beyond 64 bits
     */
    public static long atoi(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            throw new GoNumberFormatException("Atoi", s, "invalid syntax");
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new GoNumberFormatException("Atoi", s, "invalid syntax");
            }
        }
        try {
            return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new GoNumberFormatException("Atoi", s, "value out of range");
        }
    }

    /**
     * {@code strconv.ParseFloat(s, 64)}.
     *
     * @throws GoNumberFormatException {@code invalid syntax}, or {@code value out of range} when the value
     *     rounds beyond the largest float64
     */
    public static double parseFloat(String s) {
        Double special = special(s);
        if (special != null) {
            return special;
        }
        if (!wellFormed(s)) {
            throw new GoNumberFormatException("ParseFloat", s, "invalid syntax");
        }
        double v = Double.parseDouble(s.replace("_", ""));
        if (Double.isInfinite(v)) {
            throw new GoNumberFormatException("ParseFloat", s, "value out of range");
        }
        return v;
    }

    /**
     * Go's {@code int64(f)} on amd64: truncation toward zero, and the "integer indefinite" value
     * {@code math.MinInt64} for NaN and anything out of range (where Java would saturate).
     */
    public static long toInt64(double f) {
        if (Double.isNaN(f) || f >= TWO_POW_63 || f < -TWO_POW_63) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }

    /** Inf, Infinity (optionally signed) and NaN, in any case; the whole string must be the special value. */
    private static Double special(String s) {
        String body = s;
        double sign = 1;
        boolean signed = false;
        if (!body.isEmpty() && (body.charAt(0) == '+' || body.charAt(0) == '-')) {
            sign = body.charAt(0) == '-' ? -1 : 1;
            body = body.substring(1);
            signed = true;
        }
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (!signed && body.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return null;
    }

    /** Go's readFloat over the whole string, plus its rule that underscores only separate digits. */
    private static boolean wellFormed(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        boolean hex = false;
        if (i + 2 < n && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x') {
            hex = true;
            i += 2;
        }
        boolean sawDot = false;
        boolean sawDigits = false;
        boolean underscores = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '_') {
                underscores = true;
            } else if (c == '.') {
                if (sawDot) {
                    break;
                }
                sawDot = true;
            } else if (isDigit(c) || (hex && isHexLetter(c))) {
                sawDigits = true;
            } else {
                break;
            }
        }
        if (!sawDigits) {
            return false;
        }
        char expChar = hex ? 'p' : 'e';
        if (i < n && (s.charAt(i) | 0x20) == expChar) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= n || !isDigit(s.charAt(i))) {
                return false;
            }
            for (; i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_'); i++) {
                underscores |= s.charAt(i) == '_';
            }
        } else if (hex) {
            return false;
        }
        return i == n && (!underscores || underscoreOk(s));
    }

    /** Go's underscoreOK: an underscore must sit between digits (or after a base prefix). */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = (char) (s.charAt(1) | 0x20);
            if (p == 'b' || p == 'o' || p == 'x') {
                i = 2;
                saw = '0';
                hex = p == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c) || (hex && isHexLetter(c))) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexLetter(char c) {
        char l = (char) (c | 0x20);
        return l >= 'a' && l <= 'f';
    }
}
