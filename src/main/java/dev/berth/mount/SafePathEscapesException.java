package dev.berth.mount;

import dev.berth.errors.InvalidArgumentException;

/**
 * A volume subpath that resolves (through symlinks or "..") outside the volume: moby's {@code ErrEscapesBase},
 * with its exact text. Immutable and thread-safe.
 */
public final class SafePathEscapesException extends InvalidArgumentException {
    private final String base;
    private final String subpath;

    SafePathEscapesException(String base, String subpath) {
        super("path concatenation escapes the base directory, base: " + base + ", subpath: " + subpath);
        this.base = base;
        this.subpath = subpath;
    }

    public String base() {
        return base;
    }

    public String subpath() {
        return subpath;
    }
}
