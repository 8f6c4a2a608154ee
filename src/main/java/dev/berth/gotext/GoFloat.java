package dev.berth.gotext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code fmt} {@code %.Ng} for a float64: the exact binary value rounded half-to-even to N significant digits,
 * trailing zeros dropped, and an exponent ({@code 1e+04}) when the decimal exponent is below -4 or at least the
 * precision. Stateless and thread-safe.
 */
public final class GoFloat {

    private GoFloat() {
    }

    /** {@code fmt.Sprintf("%.<precision>g", v)}. */
    public static String formatG(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        int prec = Math.max(precision, 1);
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        String digits;
        int point;
        if (v == 0) {
            digits = "";
            point = 0;
        } else {
            BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(prec, RoundingMode.HALF_EVEN))
                    .stripTrailingZeros();
            digits = rounded.unscaledValue().toString();
            // The value is 0.<digits> x 10^point, as Go's decimal type keeps it.
            point = digits.length() - rounded.scale();
        }
        int nd = digits.length();
        int eprec = prec;
        if (eprec > nd && nd >= point) {
            eprec = nd;
        }
        int exp = point - 1;
        StringBuilder out = new StringBuilder();
        if (negative) {
            out.append('-');
        }
        if (exp < -4 || exp >= eprec) {
            return formatE(out, digits, exp);
        }
        int decimals = Math.max((prec > point ? nd : prec) - point, 0);
        return formatF(out, digits, point, decimals);
    }

    private static String formatE(StringBuilder out, String digits, int exp) {
        out.append(digits.isEmpty() ? '0' : digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }

    private static String formatF(StringBuilder out, String digits, int point, int decimals) {
        if (point > 0) {
            for (int i = 0; i < point; i++) {
                out.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        } else {
            out.append('0');
        }
        if (decimals > 0) {
            out.append('.');
            for (int i = 0; i < decimals; i++) {
                int j = point + i;
                out.append(j >= 0 && j < digits.length() ? digits.charAt(j) : '0');
            }
        }
        return out.toString();
    }
}
