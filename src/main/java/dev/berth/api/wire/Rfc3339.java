package dev.berth.api.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Fast RFC 3339 formatting in the daemon's time zone, as Go's {@code time.RFC3339} and {@code RFC3339Nano}
 * print: {@code 2026-11-26T15:30:00Z} or {@code 2026-11-26T16:30:00+01:00}. Lists format thousands of these.
 */
public final class Rfc3339 {

    private static final ZoneId ZONE = ZoneId.systemDefault();

    private Rfc3339() {
    }

    /** Go's zero time, {@code 0001-01-01T00:00:00Z}, in epoch seconds: what an unknown time formats as. */
    public static final long GO_ZERO_SECONDS = -62135596800L;

    public static String seconds(long epochSecond) {
        if (epochSecond == GO_ZERO_SECONDS) {
            return "0001-01-01T00:00:00Z"; // the zero time is UTC in Go, whatever the daemon's zone
        }
        return format(epochSecond, -1);
    }

    /** With nanoseconds, trailing zeros trimmed as Go does ({@code .123Z}); none when zero. */
    public static String nanos(long epochSecond, int nano) {
        return format(epochSecond, nano);
    }

    public static String nanos(Instant t) {
        return format(t.getEpochSecond(), t.getNano());
    }

    private static String format(long epochSecond, int nano) {
        ZoneOffset offset = ZONE.getRules().getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        StringBuilder b = new StringBuilder(35);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        if (nano > 0) {
            String digits = Integer.toString(nano + 1_000_000_000).substring(1);
            int end = digits.length();
            while (end > 0 && digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        int total = offset.getTotalSeconds();
        if (total == 0) {
            b.append('Z');
        } else {
            b.append(total < 0 ? '-' : '+');
            int abs = Math.abs(total);
            pad(b, abs / 3600, 2).append(':');
            pad(b, (abs / 60) % 60, 2);
        }
        return b.toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
