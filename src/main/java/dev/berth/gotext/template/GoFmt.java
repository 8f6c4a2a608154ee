package dev.berth.gotext.template;

import dev.berth.gotext.GoQuote;
import dev.berth.gotext.template.GoType.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} over {@link Value}s: {@code Sprint}, {@code Sprintln} and {@code Sprintf} with the verbs,
 * flags, width and precision of the fmt package and its error forms ({@code %!d(string=x)},
 * {@code %!s(MISSING)}, {@code %!(EXTRA int=1)}). Default printing as {@code %v} does it: maps with sorted keys
 * ({@code map[a:1 b:2]}), slices {@code [a b]}, structs {@code {v1 v2}}, nil as {@code <nil>}, a pointer at the
 * top as {@code &{...}}. A pointer deeper down prints as an address, which here is always {@code 0xc000010000}
 * (Go prints the real one). An argument is a Value or null (a nil interface). Not thread-safe; one per call.
 */
final class GoFmt {

    private static final String FAKE_ADDRESS = "0xc000010000";

    private final StringBuilder buf = new StringBuilder();
    private boolean plus;
    private boolean minus;
    private boolean sharp;
    private boolean space;
    private boolean zero;
    private boolean plusV;
    private boolean sharpV;
    private boolean widPresent;
    private boolean precPresent;
    private int wid;
    private int prec;
    private Value arg;

    static String sprint(List<Value> args) {
        GoFmt p = new GoFmt();
        boolean prevString = false;
        for (int i = 0; i < args.size(); i++) {
            Value a = concrete(args.get(i));
            boolean isString = a != null && a.kind() == Kind.STRING;
            if (i > 0 && !isString && !prevString) {
                p.buf.append(' ');
            }
            p.printArg(a, 'v');
            prevString = isString;
        }
        return p.buf.toString();
    }

    static String sprintln(List<Value> args) {
        GoFmt p = new GoFmt();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                p.buf.append(' ');
            }
            p.printArg(concrete(args.get(i)), 'v');
        }
        return p.buf.append('\n').toString();
    }

    /** An interface argument as fmt receives it: its dynamic value, or null for nil. */
    private static Value concrete(Value v) {
        while (v != null && v.isValid() && v.kind() == Kind.INTERFACE) {
            v = v.isNil() ? null : v.elem();
        }
        return v == null || !v.isValid() ? null : v;
    }

    static String sprintf(String format, List<Value> rawArgs) {
        List<Value> a = new ArrayList<>();
        rawArgs.forEach(v -> a.add(concrete(v)));
        GoFmt p = new GoFmt();
        int end = format.length();
        int argNum = 0;
        int i = 0;
        while (i < end) {
            int lasti = i;
            while (i < end && format.charAt(i) != '%') {
                i++;
            }
            p.buf.append(format, lasti, i);
            if (i >= end) {
                break;
            }
            i++;
            p.clearFlags();
            flags:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> p.sharp = true;
                    case '0' -> p.zero = !p.minus;
                    case '+' -> p.plus = true;
                    case '-' -> {
                        p.minus = true;
                        p.zero = false;
                    }
                    case ' ' -> p.space = true;
                    default -> {
                        break flags;
                    }
                }
            }
            // width
            if (i < end && format.charAt(i) == '*') {
                i++;
                Integer w = intArg(a, argNum);
                argNum++;
                if (w == null) {
                    p.buf.append("%!(BADWIDTH)");
                } else {
                    p.wid = w;
                    p.widPresent = true;
                    if (w < 0) {
                        p.minus = true;
                        p.zero = false;
                        p.wid = -w;
                    }
                }
            } else {
                int start = i;
                while (i < end && Character.isDigit(format.charAt(i)) && format.charAt(i) < 128) {
                    i++;
                }
                if (i > start) {
                    p.wid = parseNum(format.substring(start, i));
                    p.widPresent = true;
                }
            }
            if (i + 1 <= end && i < end && format.charAt(i) == '.') {
                i++;
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    Integer pr = intArg(a, argNum);
                    argNum++;
                    if (pr == null || pr < 0) {
                        p.precPresent = false;
                        p.buf.append("%!(BADPREC)");
                    } else {
                        p.prec = pr;
                        p.precPresent = true;
                    }
                } else {
                    int start = i;
                    while (i < end && format.charAt(i) >= '0' && format.charAt(i) <= '9') {
                        i++;
                    }
                    p.prec = i > start ? parseNum(format.substring(start, i)) : 0;
                    p.precPresent = true;
                }
            }
            if (i >= end) {
                p.buf.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                p.buf.append('%');
                continue;
            }
            if (argNum >= a.size()) {
                p.buf.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            if (verb == 'v') {
                if (p.sharp) {
                    p.sharp = false;
                    p.sharpV = true;
                }
                if (p.plus) {
                    p.plus = false;
                    p.plusV = true;
                }
            }
            p.printArg(a.get(argNum), verb);
            argNum++;
        }
        if (argNum < a.size()) {
            p.clearFlags();
            p.buf.append("%!(EXTRA ");
            for (int k = argNum; k < a.size(); k++) {
                if (k > argNum) {
                    p.buf.append(", ");
                }
                Value v = a.get(k);
                if (v == null) {
                    p.buf.append("<nil>");
                } else {
                    p.buf.append(v.type()).append('=');
                    p.printArg(v, 'v');
                }
            }
            p.buf.append(')');
        }
        return p.buf.toString();
    }

    private static int parseNum(String s) {
        try {
            return Math.min(Integer.parseInt(s), 1_000_000);
        } catch (NumberFormatException e) {
            return 1_000_000;
        }
    }

    private static Integer intArg(List<Value> a, int n) {
        if (n >= a.size() || a.get(n) == null) {
            return null;
        }
        Value v = a.get(n);
        if (v.kind().isInt() || v.kind().isUint()) {
            return (int) v.longValue();
        }
        return null;
    }

    private void clearFlags() {
        plus = minus = sharp = space = zero = plusV = sharpV = widPresent = precPresent = false;
        wid = prec = 0;
    }

    /** Prints one argument with a verb, as fmt's printArg. */
    private void printArg(Value a, int verb) {
        arg = a;
        if (a == null) {
            if (verb == 'T' || verb == 'v') {
                padString("<nil>");
            } else {
                badVerb(verb, null);
            }
            return;
        }
        if (verb == 'T') {
            padString(a.type().toString());
            return;
        }
        if (verb == 'p') {
            fmtPointer(a, verb);
            return;
        }
        if (handleMethods(a, verb)) {
            return;
        }
        printValue(a, verb, 0);
    }

    private boolean handleMethods(Value v, int verb) {
        // A String method declared on T serves *T too (Go's pointer-receiver methods).
        Value target = v.kind() == Kind.POINTER && !v.isNil() && v.type().elem().stringer() != null ? v.elem() : v;
        if (sharpV || target.type().stringer() == null) {
            return false;
        }
        switch (verb) {
            case 'v', 's', 'x', 'X', 'q' -> {
                fmtString(target.type().stringer().apply(target), verb);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void printValue(Value v, int verb, int depth) {
        if (depth > 0 && v.isValid() && handleMethods(v, verb)) {
            return;
        }
        if (!v.isValid()) {
            if (depth == 0) {
                buf.append("<invalid reflect.Value>");
            } else if (verb == 'v') {
                buf.append("<nil>");
            } else {
                badVerb(verb, v);
            }
            return;
        }
        Kind k = v.kind();
        switch (k) {
            case BOOL -> fmtBool(v, verb);
            case STRING -> fmtString(v.str(), verb);
            case FLOAT32, FLOAT64 -> fmtFloat(v, verb);
            case COMPLEX128 -> fmtComplex(v, verb);
            case MAP -> {
                if (sharpV) {
                    buf.append(v.type());
                    if (v.isNil()) {
                        buf.append("(nil)");
                        return;
                    }
                    buf.append('{');
                } else {
                    buf.append("map[");
                }
                boolean first = true;
                for (Map.Entry<Object, Value> e : sortedEntries(v)) {
                    if (!first) {
                        buf.append(sharpV ? ", " : " ");
                    }
                    first = false;
                    printValue(keyValue(v.type().key(), e.getKey()), verb, depth + 1);
                    buf.append(':');
                    printValue(e.getValue(), verb, depth + 1);
                }
                buf.append(sharpV ? '}' : ']');
            }
            case STRUCT -> {
                if (sharpV) {
                    buf.append(v.type());
                }
                buf.append('{');
                List<GoType.Field> fields = v.type().fields();
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        buf.append(sharpV ? ", " : " ");
                    }
                    if (plusV || sharpV) {
                        buf.append(fields.get(i).name()).append(':');
                    }
                    Value f = v.field(i);
                    if (f.kind() == Kind.INTERFACE && !f.isNil()) {
                        f = f.elem();
                    }
                    printValue(f, verb, depth + 1);
                }
                buf.append('}');
            }
            case INTERFACE -> {
                if (v.isNil()) {
                    if (sharpV) {
                        buf.append(v.type()).append("(nil)");
                    } else {
                        buf.append("<nil>");
                    }
                } else {
                    printValue(v.elem(), verb, depth + 1);
                }
            }
            case ARRAY, SLICE -> {
                if (sharpV) {
                    buf.append(v.type());
                    if (k == Kind.SLICE && v.isNil()) {
                        buf.append("(nil)");
                        return;
                    }
                    buf.append('{');
                    List<Value> l = v.list();
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) {
                            buf.append(", ");
                        }
                        printValue(l.get(i), verb, depth + 1);
                    }
                    buf.append('}');
                } else {
                    buf.append('[');
                    List<Value> l = v.list();
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) {
                            buf.append(' ');
                        }
                        printValue(l.get(i), verb, depth + 1);
                    }
                    buf.append(']');
                }
            }
            case POINTER -> {
                if (depth == 0 && !v.isNil()) {
                    Kind ek = v.elem().kind();
                    if (ek == Kind.ARRAY || ek == Kind.SLICE || ek == Kind.STRUCT || ek == Kind.MAP) {
                        buf.append('&');
                        printValue(v.elem(), verb, depth + 1);
                        return;
                    }
                }
                fmtPointer(v, verb);
            }
            case FUNC -> fmtPointer(v, verb);
            default -> fmtInteger(v, verb);
        }
    }

    static List<Map.Entry<Object, Value>> sortedEntries(Value map) {
        List<Map.Entry<Object, Value>> entries = new ArrayList<>(map.map().entrySet());
        entries.sort((x, y) -> compareKeys(map.type().key(), x.getKey(), y.getKey()));
        return entries;
    }

    /** fmtsort's order: numbers by value, strings by bytes, false before true. */
    static int compareKeys(GoType keyType, Object a, Object b) {
        if (a instanceof String sa && b instanceof String sb) {
            return compareUtf8(sa, sb);
        }
        if (a instanceof Long la && b instanceof Long lb) {
            return keyType != null && keyType.kind().isUint() ? Long.compareUnsigned(la, lb) : Long.compare(la, lb);
        }
        if (a instanceof Double da && b instanceof Double db) {
            return Double.compare(da, db);
        }
        if (a instanceof Boolean ba && b instanceof Boolean bb) {
            return Boolean.compare(ba, bb);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** Byte order of the UTF-8 encodings, which is code point order. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static Value keyValue(GoType keyType, Object key) {
        return Value.of(keyType, key);
    }

    private void badVerb(int verb, Value v) {
        buf.append("%!").appendCodePoint(verb).append('(');
        if (v != null && v.isValid()) {
            buf.append(v.type()).append('=');
            boolean sv = sharpV;
            sharpV = false;
            printArg(v, 'v');
            sharpV = sv;
        } else {
            buf.append("<nil>");
        }
        buf.append(')');
    }

    private void fmtPointer(Value v, int verb) {
        String addr = v.isNil() ? "0x0" : FAKE_ADDRESS;
        switch (verb) {
            case 'v' -> {
                if (sharpV) {
                    buf.append('(').append(v.type()).append(")(").append(v.isNil() ? "nil" : addr).append(')');
                } else if (v.isNil()) {
                    padString("<nil>");
                } else {
                    padString(addr);
                }
            }
            case 'p' -> padString(addr);
            case 'b', 'o', 'd', 'x', 'X' -> padString(v.isNil() ? "0" : addr);
            default -> badVerb(verb, v);
        }
    }

    private void fmtBool(Value v, int verb) {
        if (verb == 't' || verb == 'v') {
            padString(String.valueOf(v.boolValue()));
        } else {
            badVerb(verb, v);
        }
    }

    private void fmtString(String s, int verb) {
        switch (verb) {
            case 'v' -> {
                if (sharpV) {
                    padString(GoQuote.quote(s));
                } else {
                    fmtS(s);
                }
            }
            case 's' -> fmtS(s);
            case 'x', 'X' -> fmtHexBytes(GoStrings.bytes(s), verb);
            case 'q' -> {
                String q = s;
                if (precPresent) {
                    q = truncateRunes(s, prec);
                }
                if (sharp && canBackquote(q)) {
                    padString("`" + q + "`");
                } else {
                    padString(plus ? GoQuoteAscii.quote(q) : GoQuote.quote(q));
                }
            }
            default -> badVerb(verb, arg != null && arg.kind() == Kind.STRING ? arg : Value.of(s));
        }
    }

    private static boolean canBackquote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || c == '\uFEFF' || (c < ' ' && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String truncateRunes(String s, int n) {
        int count = s.codePointCount(0, s.length());
        return n < count ? s.substring(0, s.offsetByCodePoints(0, n)) : s;
    }

    private void fmtS(String s) {
        padString(precPresent ? truncateRunes(s, prec) : s);
    }

    private void fmtHexBytes(byte[] b, int verb) {
        int length = precPresent && prec < b.length ? prec : b.length;
        String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (space && i > 0) {
                s.append(' ');
            }
            if (sharp && (space || i == 0)) {
                s.append('0').append(verb == 'x' ? 'x' : 'X');
            }
            int c = b[i] & 0xff;
            s.append(digits.charAt(c >> 4)).append(digits.charAt(c & 0xf));
        }
        padString(s.toString());
    }

    private void fmtInteger(Value v, int verb) {
        boolean unsigned = v.kind().isUint();
        long n = v.longValue();
        switch (verb) {
            case 'v' -> {
                if (sharpV && unsigned) {
                    boolean sh = sharp;
                    sharp = true;
                    integer(n, 16, false, 'x');
                    sharp = sh;
                } else {
                    integer(n, 10, !unsigned, 'd');
                }
            }
            case 'd' -> integer(n, 10, !unsigned, 'd');
            case 'b' -> integer(n, 2, !unsigned, 'b');
            case 'o', 'O' -> integer(n, 8, !unsigned, verb);
            case 'x', 'X' -> integer(n, 16, !unsigned, verb);
            case 'c' -> padString(runeString(n));
            case 'q' -> padString(quoteRune(n));
            case 'U' -> {
                String hex = Long.toHexString(n).toUpperCase(java.util.Locale.ROOT);
                String u = "U+" + "0".repeat(Math.max(0, Math.max(4, precPresent ? prec : 0) - hex.length())) + hex;
                if (sharp && n >= 0 && n <= 0x10FFFF && GoRunes.printable((int) n)) {
                    u += " '" + new String(Character.toChars((int) n)) + "'";
                }
                padString(u);
            }
            default -> badVerb(verb, v);
        }
    }

    private static String runeString(long n) {
        if (n < 0 || n > 0x10FFFF || (n >= 0xD800 && n < 0xE000)) {
            return "\uFFFD";
        }
        return new String(Character.toChars((int) n));
    }

    private static String quoteRune(long n) {
        String r = runeString(n);
        if (r.equals("'")) {
            return "'\\''";
        }
        String q = GoQuote.quote(r);
        q = q.substring(1, q.length() - 1);
        if (q.equals("\\\"")) {
            q = "\"";
        }
        return "'" + q + "'";
    }

    private void integer(long n, int base, boolean signed, int verb) {
        boolean negative = signed && n < 0;
        java.math.BigInteger u = signed ? java.math.BigInteger.valueOf(n).abs()
                : new java.math.BigInteger(Long.toUnsignedString(n));
        int precision = 0;
        if (precPresent) {
            precision = prec;
            if (precision == 0 && u.signum() == 0) {
                writePadding(wid, false);
                return;
            }
        } else if (zero && !minus && widPresent) {
            precision = wid;
            if (negative || plus || space) {
                precision--;
            }
        }
        String digits = u.toString(base);
        if (verb == 'X') {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        StringBuilder s = new StringBuilder();
        if (digits.length() < precision) {
            s.append("0".repeat(precision - digits.length()));
        }
        s.append(digits);
        String prefix = "";
        if (sharp) {
            switch (base) {
                case 2 -> prefix = "0b";
                case 8 -> prefix = s.charAt(0) != '0' ? "0" : "";
                case 16 -> prefix = verb == 'X' ? "0X" : "0x";
                default -> { }
            }
        }
        if (verb == 'O') {
            prefix = "0o";
        }
        String sign = negative ? "-" : plus ? "+" : space ? " " : "";
        boolean z = zero;
        zero = false;
        padString(sign + prefix + s);
        zero = z;
    }

    private void fmtFloat(Value v, int verb) {
        double d = v.doubleValue();
        switch (verb) {
            case 'v' -> floatNum(d, 'g', precPresent ? prec : -1);
            case 'g', 'G' -> floatNum(d, (char) verb, precPresent ? prec : -1);
            case 'e', 'E', 'f', 'F' -> floatNum(d, (char) verb, precPresent ? prec : 6);
            default -> badVerb(verb, v);
        }
    }

    private void floatNum(double d, char fmt, int precision) {
        String num = GoFloats.format(d, fmt == 'F' ? 'f' : fmt, precision);
        if (plus && !num.startsWith("-") && !num.startsWith("+")) {
            num = "+" + num;
        } else if (space && !num.startsWith("-") && !num.startsWith("+")) {
            num = " " + num;
        }
        if (!plus && num.startsWith("+") && num.equals("+Inf") && !space) {
            num = "+Inf";
        }
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            if (Double.isNaN(d) && !plus && !space) {
                num = "NaN";
            }
            boolean z = zero;
            zero = false;
            padString(num);
            zero = z;
            return;
        }
        if (zero && widPresent && wid > num.length() && !minus) {
            int signLen = num.startsWith("-") || num.startsWith("+") || num.startsWith(" ") ? 1 : 0;
            buf.append(num, 0, signLen).append("0".repeat(wid - num.length())).append(num.substring(signLen));
            return;
        }
        padString(num);
    }

    private void fmtComplex(Value v, int verb) {
        double[] c = (double[]) v.data;
        switch (verb) {
            case 'v', 'b', 'g', 'G', 'x', 'X', 'f', 'F', 'e', 'E' -> {
                int oldWid = wid;
                boolean oldPlus = plus;
                buf.append('(');
                Value re = Value.of(GoType.FLOAT64, c[0]);
                fmtFloat(re, verb);
                plus = true;
                fmtFloat(Value.of(GoType.FLOAT64, c[1]), verb);
                buf.append("i)");
                plus = oldPlus;
                wid = oldWid;
            }
            default -> badVerb(verb, v);
        }
    }

    private void padString(String s) {
        if (!widPresent || wid == 0) {
            buf.append(s);
            return;
        }
        int width = wid - s.codePointCount(0, s.length());
        if (!minus) {
            writePadding(width, zero);
            buf.append(s);
        } else {
            buf.append(s);
            writePadding(width, false);
        }
    }

    private void writePadding(int n, boolean zeros) {
        if (n > 0) {
            buf.append(String.valueOf(zeros ? '0' : ' ').repeat(n));
        }
    }
}
