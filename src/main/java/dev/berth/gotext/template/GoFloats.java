package dev.berth.gotext.template;

import dev.berth.gotext.GoFloat;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code strconv.FormatFloat} for the formats fmt and encoding/json use: 'e', 'f' and 'g', with a precision or
 * shortest (-1: the fewest digits that read back to the same float64, which Java's {@code Double.toString} also
 * finds). Stateless.
 */
final class GoFloats {

    private GoFloats() {
    }

    /** Shortest digits (no leading or trailing zeros) and the decimal point position: v = 0.digits × 10^point. */
    private record Decimal(String digits, int point) {
    }

    private static Decimal shortest(double abs) {
        if (abs == 0) {
            return new Decimal("0", 1);
        }
        BigDecimal bd = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        String d = bd.unscaledValue().toString();
        return new Decimal(d, d.length() - bd.scale());
    }

    static String format(double v, char fmt, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double abs = Math.abs(v);
        String body = switch (fmt) {
            case 'e', 'E' -> prec < 0 ? shortestE(shortest(abs)) : fixedE(abs, prec);
            case 'f', 'F' -> prec < 0 ? shortestF(shortest(abs)) : new BigDecimal(abs).setScale(prec,
                    RoundingMode.HALF_EVEN).toPlainString();
            default -> prec < 0 ? shortestG(abs) : GoFloat.formatG(abs, prec);
        };
        if (fmt == 'E' || fmt == 'G') {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        return neg ? "-" + body : body;
    }

    private static String shortestG(double abs) {
        Decimal d = shortest(abs);
        int exp = d.point() - 1;
        if (exp < -4 || exp >= 6 && abs != 0) {
            return shortestE(d);
        }
        return shortestF(d);
    }

    private static String shortestE(Decimal d) {
        StringBuilder b = new StringBuilder().append(d.digits().charAt(0));
        if (d.digits().length() > 1) {
            b.append('.').append(d.digits(), 1, d.digits().length());
        }
        return exponent(b, d.digits().equals("0") ? 0 : d.point() - 1);
    }

    private static String exponent(StringBuilder b, int exp) {
        b.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            b.append('0');
        }
        return b.append(a).toString();
    }

    private static String shortestF(Decimal d) {
        String digits = d.digits();
        int point = d.point();
        StringBuilder b = new StringBuilder();
        if (point <= 0) {
            b.append('0');
        } else {
            for (int i = 0; i < point; i++) {
                b.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        }
        if (digits.length() > point && !digits.equals("0")) {
            b.append('.');
            for (int i = point; i < digits.length(); i++) {
                b.append(i < 0 ? '0' : digits.charAt(i));
            }
        }
        return b.toString();
    }

    private static String fixedE(double abs, int prec) {
        if (abs == 0) {
            return exponent(new StringBuilder("0" + (prec > 0 ? "." + "0".repeat(prec) : "")), 0);
        }
        BigDecimal r = new BigDecimal(abs).round(new java.math.MathContext(prec + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exp = digits.length() - r.scale() - 1;
        digits = (digits + "0".repeat(prec + 1)).substring(0, prec + 1);
        StringBuilder b = new StringBuilder().append(digits.charAt(0));
        if (prec > 0) {
            b.append('.').append(digits, 1, digits.length());
        }
        return exponent(b, exp);
    }

    /** encoding/json's float64: shortest, in 'f' form unless below 1e-6 or from 1e21 on (e-09 written e-9). */
    static String json(double v) {
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = format(v, 'e', -1);
            int n = s.length();
            if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
                s = s.substring(0, n - 2) + s.charAt(n - 1);
            }
            return s;
        }
        return format(v, 'f', -1);
    }
}
