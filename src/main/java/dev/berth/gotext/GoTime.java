package dev.berth.gotext;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Go's {@code time.ParseDuration}, and the timestamps Docker's filters take ({@code until}, {@code since}): moby's
 * {@code GetTimestamp} followed by {@code ParseTimestamps}. A value is a Go duration before the reference time
 * (except {@code "0"}), a date or RFC 3339-like time (in the daemon's zone unless it names one), or unix seconds
 * with an optional fraction. Errors carry Go's and moby's texts. Stateless and thread-safe.
 */
public final class GoTime {

    /** A value Go would refuse, with Go's (or moby's) message. */
    public static final class GoTimeException extends IllegalArgumentException {
        GoTimeException(String message) {
            super(message);
        }
    }

    private static final long MAX = Long.MAX_VALUE;

    private GoTime() {
    }

    /** {@code time.ParseDuration}: nanoseconds of {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, Go's overflow rules. */
    public static long parseDuration(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalidDuration(text);
        }
        // Unsigned 64-bit arithmetic, as Go's: the total may reach 1<<63 only when negative.
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !digit(c)) {
                throw invalidDuration(text);
            }
            int start = i;
            long whole = 0;
            for (; i < s.length() && digit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(1L << 63, 10)) > 0) {
                    throw invalidDuration(text);
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, 1L << 63) > 0) {
                    throw invalidDuration(text);
                }
            }
            boolean before = i > start;
            long fraction = 0;
            double scale = 1;
            boolean after = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                for (; i < s.length() && digit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    if (fraction > MAX / 10) {
                        overflow = true;
                        continue;
                    }
                    long next = fraction * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(next, 1L << 63) > 0) {
                        overflow = true;
                        continue;
                    }
                    fraction = next;
                    scale *= 10;
                }
                after = i > fractionStart;
            }
            if (!before && !after) {
                throw invalidDuration(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !digit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new GoTimeException("time: missing unit in duration " + GoQuote.quote(text));
            }
            String unitText = s.substring(unitStart, i);
            long unit = switch (unitText) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new GoTimeException("time: unknown unit " + GoQuote.quote(unitText)
                        + " in duration " + GoQuote.quote(text));
            };
            if (Long.compareUnsigned(whole, Long.divideUnsigned(1L << 63, unit)) > 0) {
                throw invalidDuration(text);
            }
            long value = whole * unit;
            if (fraction > 0) {
                value += (long) (fraction * (unit / scale));
                if (Long.compareUnsigned(value, 1L << 63) > 0) {
                    throw invalidDuration(text);
                }
            }
            total += value;
            if (Long.compareUnsigned(total, 1L << 63) > 0) {
                throw invalidDuration(text);
            }
        }
        if (negative) {
            return -total;
        }
        if (total < 0) {
            throw invalidDuration(text);
        }
        return total;
    }

    private static GoTimeException invalidDuration(String text) {
        return new GoTimeException("time: invalid duration " + GoQuote.quote(text));
    }

    /**
     * moby's {@code GetTimestamp} then {@code ParseTimestamps}: the instant a filter value names. A duration counts
     * back from {@code reference} in whole seconds; a time without a zone is read in {@code zone}.
     */
    public static Instant timestamp(String value, Instant reference, ZoneId zone) {
        if (!value.equals("0")) {
            try {
                long nanos = parseDuration(value);
                return Instant.ofEpochSecond(reference.minusNanos(nanos).getEpochSecond());
            } catch (GoTimeException notDuration) {
                // the other forms follow
            }
        }
        boolean local = !containsAny(value, "zZ+") && count(value, '-') != 3;
        String layout;
        if (value.indexOf('.') >= 0) {
            layout = local ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
        } else if (value.indexOf('T') >= 0) {
            int colons = count(value, ':');
            if (!local && !containsAny(value, "zZ") && colons > 0) {
                colons--;
            }
            layout = switch (Math.min(colons, 2)) {
                case 0 -> "2006-01-02T15";
                case 1 -> "2006-01-02T15:04";
                default -> "2006-01-02T15:04:05";
            } + (local ? "" : "Z07:00");
        } else {
            layout = local ? "2006-01-02" : "2006-01-02Z07:00";
        }
        try {
            // As moby: a time without a zone is read at the zone's offset now (FixedZone(reference.Zone())).
            return new LayoutParser(value, layout, zone.getRules().getOffset(reference)).parse();
        } catch (GoTimeException e) {
            if (value.indexOf('-') >= 0) {
                throw e;
            }
            return unixSeconds(value);
        }
    }

    /** moby's {@code parseTimestamp}: {@code seconds[.fraction]}, the fraction scaled to nanoseconds. */
    private static Instant unixSeconds(String value) {
        int dot = value.indexOf('.');
        String seconds = dot < 0 ? value : value.substring(0, dot);
        String fraction = dot < 0 ? null : value.substring(dot + 1);
        try {
            long sec = GoStrconv.atoi(seconds);
            long nanos = 0;
            if (fraction != null) {
                long n = GoStrconv.atoi(fraction);
                nanos = (long) (n * Math.pow(10, 9 - fraction.length()));
            }
            return Instant.ofEpochSecond(sec, nanos);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new GoTimeException("failed to parse value as time or duration: " + GoQuote.quote(value));
        }
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /**
     * Go's {@code time.Parse} for the layouts above, element by element: {@code 2006} four digits, {@code 01},
     * {@code 02}, {@code 04}, {@code 05} two, {@code 15} one or two; a fractional second is taken after the seconds
     * even where the layout has none; {@code Z07:00} is {@code Z} or {@code ±hh:mm}. Errors as Go words them.
     */
    private static final class LayoutParser {
        private static final String[] ELEMENTS = {"2006", "01", "02", "15", "04", "05", ".999999999", "Z07:00"};

        private final String value;
        private final String layout;
        private final ZoneId zone;
        private String rest;
        private int year = 1;
        private int month = 1;
        private int day = 1;
        private int hour;
        private int minute;
        private int second;
        private int nanos;
        private ZoneOffset offset;

        LayoutParser(String value, String layout, ZoneId zone) {
            this.value = value;
            this.layout = layout;
            this.zone = zone;
            this.rest = value;
        }

        Instant parse() {
            String l = layout;
            while (!l.isEmpty()) {
                String element = null;
                int at = l.length();
                for (String e : ELEMENTS) {
                    int i = l.indexOf(e);
                    if (i >= 0 && i < at) {
                        at = i;
                        element = e;
                    }
                }
                String literal = l.substring(0, at);
                if (!rest.startsWith(literal)) {
                    throw cannotParse(rest, literal);
                }
                rest = rest.substring(literal.length());
                if (element == null) {
                    break;
                }
                l = l.substring(at + element.length());
                String before = rest;
                switch (element) {
                    case "2006" -> {
                        if (rest.length() < 4 || !allDigits(rest.substring(0, 4))) {
                            throw cannotParse(before, element);
                        }
                        year = Integer.parseInt(rest.substring(0, 4));
                        rest = rest.substring(4);
                    }
                    case "01" -> month = range(number(before, element, true), 1, 12, "month");
                    case "02" -> day = number(before, element, true); // checked against the month at the end
                    case "15" -> hour = range(number(before, element, false), 0, 23, "hour");
                    case "04" -> minute = range(number(before, element, true), 0, 59, "minute");
                    case "05" -> {
                        second = range(number(before, element, true), 0, 59, "second");
                        if (!l.startsWith(".999999999")) {
                            fraction();
                        }
                    }
                    case ".999999999" -> fraction();
                    default -> zoneOffset(before, element);
                }
            }
            if (!rest.isEmpty()) {
                throw new GoTimeException("parsing time " + GoQuote.quote(value) + ": extra text: "
                        + GoQuote.quote(rest));
            }
            if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
                throw new GoTimeException("parsing time " + GoQuote.quote(value) + ": day out of range");
            }
            LocalDateTime t = LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nanos));
            return offset != null ? t.toInstant(offset) : t.atZone(zone).toInstant();
        }

        private int number(String before, String element, boolean fixed) {
            int n = 0;
            while (n < 2 && n < rest.length() && digit(rest.charAt(n))) {
                n++;
            }
            if (n == 0 || (fixed && n < 2)) {
                throw cannotParse(before, element);
            }
            int v = Integer.parseInt(rest.substring(0, n));
            rest = rest.substring(n);
            return v;
        }

        private int range(int v, int min, int max, String what) {
            if (v < min || v > max) {
                throw new GoTimeException("parsing time " + GoQuote.quote(value) + ": " + what + " out of range");
            }
            return v;
        }

        /** An optional {@code .digits} or {@code ,digits}: any number of digits, nanoseconds kept. */
        private void fraction() {
            if (rest.length() < 2 || (rest.charAt(0) != '.' && rest.charAt(0) != ',') || !digit(rest.charAt(1))) {
                return;
            }
            int n = 1;
            while (n < rest.length() && digit(rest.charAt(n))) {
                n++;
            }
            String digits = (rest.substring(1, n) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(digits);
            rest = rest.substring(n);
        }

        private void zoneOffset(String before, String element) {
            if (rest.startsWith("Z")) {
                offset = ZoneOffset.UTC;
                rest = rest.substring(1);
                return;
            }
            if (rest.length() < 6 || (rest.charAt(0) != '+' && rest.charAt(0) != '-') || rest.charAt(3) != ':'
                    || !allDigits(rest.substring(1, 3)) || !allDigits(rest.substring(4, 6))) {
                throw cannotParse(before, element);
            }
            int hours = Integer.parseInt(rest.substring(1, 3));
            int minutes = Integer.parseInt(rest.substring(4, 6));
            if (hours > 24) {
                throw new GoTimeException("parsing time " + GoQuote.quote(value) + ": time zone offset hour out of range");
            }
            if (minutes > 60) {
                throw new GoTimeException("parsing time " + GoQuote.quote(value)
                        + ": time zone offset minute out of range");
            }
            int seconds = (hours * 3600 + minutes * 60) * (rest.charAt(0) == '-' ? -1 : 1);
            offset = ZoneOffset.ofTotalSeconds(Math.max(-18 * 3600, Math.min(18 * 3600, seconds)));
            rest = rest.substring(6);
        }

        private GoTimeException cannotParse(String valueElement, String layoutElement) {
            return new GoTimeException("parsing time " + GoQuote.quote(value) + " as " + GoQuote.quote(layout)
                    + ": cannot parse " + GoQuote.quote(valueElement) + " as " + GoQuote.quote(layoutElement));
        }

        private static boolean allDigits(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (!digit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
