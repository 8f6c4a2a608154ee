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
