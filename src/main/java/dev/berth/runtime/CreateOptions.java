package dev.berth.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a container's stdio is set up at create: a TTY or pipes, whether stdin is open, whether it closes when the
 * attached client closes it ({@code stdinOnce}, Docker's StdinOnce), and the k8s-file log conmon writes
 * ({@code logSizeMax} bytes, or -1 for no limit). Immutable and thread-safe.
 */
public record CreateOptions(boolean tty, boolean openStdin, boolean stdinOnce, Path logPath, long logSizeMax) {

    public CreateOptions {
        Objects.requireNonNull(logPath, "logPath");
        if (!logPath.isAbsolute()) {
            throw new IllegalArgumentException("log path must be absolute: " + logPath);
        }
    }

    /** No TTY, no stdin, unlimited log. */
    public static CreateOptions logTo(Path logPath) {
        return new CreateOptions(false, false, false, logPath, -1);
    }

    public CreateOptions withTty(boolean tty) {
        return new CreateOptions(tty, openStdin, stdinOnce, logPath, logSizeMax);
    }

    public CreateOptions withStdin(boolean openStdin, boolean stdinOnce) {
        return new CreateOptions(tty, openStdin, stdinOnce, logPath, logSizeMax);
    }
}
