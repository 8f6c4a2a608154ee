package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;

/**
 * An Engine API version such as 1.44, from the {@code /v1.44/} path prefix. Immutable and thread-safe.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    public static final ApiVersion MIN = new ApiVersion(1, 24);
    public static final ApiVersion MAX = new ApiVersion(1, 50);

    public static ApiVersion parse(String s) {
        int dot = s.indexOf('.');
        try {
            if (dot <= 0 || dot == s.length() - 1) {
                throw new NumberFormatException(s);
            }
            return new ApiVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid API version: " + s);
        }
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new ApiVersion(major, minor)) >= 0;
    }

    public boolean lessThan(int major, int minor) {
        return !atLeast(major, minor);
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
