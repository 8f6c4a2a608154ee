package dev.berth.mount;

import dev.berth.errors.InvalidArgumentException;

/** An Engine API version such as {@code 1.44}, ordered numerically. Immutable and thread-safe. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    public static final ApiVersion V1_40 = new ApiVersion(1, 40);
    public static final ApiVersion V1_42 = new ApiVersion(1, 42);
    public static final ApiVersion V1_44 = new ApiVersion(1, 44);
    public static final ApiVersion V1_45 = new ApiVersion(1, 45);
    public static final ApiVersion V1_46 = new ApiVersion(1, 46);
    public static final ApiVersion V1_48 = new ApiVersion(1, 48);

    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new InvalidArgumentException("invalid API version: " + major + "." + minor);
        }
    }

    /** Parses {@code <major>.<minor>}. */
    public static ApiVersion parse(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot > 0 && dot == text.lastIndexOf('.')) {
                return new ApiVersion(Integer.parseInt(text.substring(0, dot)),
                        Integer.parseInt(text.substring(dot + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the common error
        }
        throw new InvalidArgumentException("invalid API version: " + text);
    }

    /**
     * Compares dotted version strings as Docker's {@code versions.Compare} does: part by part as integers, a
     * missing or non-numeric part counting as 0 ({@code "1" < "1.24"}, {@code "1.24.1" > "1.24"}).
     */
    public static int compareText(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? part(x[i]) : 0, i < y.length ? part(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The major and minor parts of any dotted version (see {@link #compareText}); later parts are dropped. */
    public static ApiVersion ofText(String text) {
        String[] x = text.split("\\.", -1);
        return new ApiVersion((int) Math.min(part(x[0]), Integer.MAX_VALUE),
                x.length > 1 ? (int) Math.min(part(x[1]), Integer.MAX_VALUE) : 0);
    }

    /** Go's strconv.Atoi with its error ignored: a non-number or an out-of-range number is 0. */
    private static long part(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return 0;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return 0;
            }
        }
        return Long.parseLong(s);
    }

    public boolean isBefore(ApiVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
