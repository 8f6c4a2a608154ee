package dev.berth.sys;

import java.io.IOException;

/**
 * A system call that failed with an errno. The message reads {@code "<syscall> <path>: <text>"}, e.g.
 * {@code "mount /x: no such file or directory"}, with the Go-style lower-case text Docker's messages contain;
 * callers decide what the errno means for them. Immutable and thread-safe.
 */
public final class ErrnoException extends IOException {
    private final int errno;
    private final String syscall;
    private final String path;

    /** {@code path} may be null when the call has no path; the message then reads {@code "<syscall>: <text>"}. */
    public ErrnoException(int errno, String syscall, String path) {
        super(syscall + (path == null ? "" : " " + path) + ": " + strerror(errno));
        this.errno = errno;
        this.syscall = syscall;
        this.path = path;
    }

    public int errno() {
        return errno;
    }

    public String syscall() {
        return syscall;
    }

    public String path() {
        return path;
    }

    /** Go-style lower-case text for an errno ("no such file or directory"), {@code "errno N"} when unknown. */
    public static String strerror(int errno) {
        return Errno.text(errno);
    }
}
