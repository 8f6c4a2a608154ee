package dev.berth.mount;

import dev.berth.errors.NotFoundException;

/**
 * A volume subpath that does not exist or could not be opened as resolved (for example because a component became
 * a symlink after it was checked): moby's {@code ErrNotAccessible}, {@code cannot access path <path>: <cause>}.
 * Immutable and thread-safe.
 */
public final class SafePathNotAccessibleException extends NotFoundException {
    private final String path;

    /** {@code cause} is the Go-style text of the failure, e.g. {@code lstat /v/x: no such file or directory}. */
    SafePathNotAccessibleException(String path, String cause) {
        super("cannot access path " + path + (cause == null ? "" : ": " + cause));
        this.path = path;
    }

    public String path() {
        return path;
    }
}
