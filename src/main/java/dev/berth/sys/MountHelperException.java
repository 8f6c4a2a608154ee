package dev.berth.sys;

import java.io.IOException;

/**
 * mount(8) failed or timed out. The message is what mount(8) printed (or a sentence about the timeout), with
 * every {@code password=}/{@code pass=} value replaced by {@code ********}. Immutable and thread-safe.
 */
public final class MountHelperException extends IOException {
    private final int exitCode;

    /** {@code exitCode} is -1 when mount(8) did not exit by itself (timeout) or could not be started. */
    public MountHelperException(String message, int exitCode) {
        super(MountHelper.maskPasswords(message));
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
