package dev.berth.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the runtime keeps its state and which binaries it runs. The state dir should be on a tmpfs such as
 * {@code /run/berth}, and short: attach socket paths under it must fit in 107 bytes. Immutable and thread-safe.
 */
public record RuntimeConfig(Path stateDir, Path runc, Path conmon, Duration createTimeout) {

    public RuntimeConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        if (!stateDir.isAbsolute()) {
            throw new IllegalArgumentException("state dir must be absolute: " + stateDir);
        }
        Objects.requireNonNull(runc, "runc");
        Objects.requireNonNull(conmon, "conmon");
        Objects.requireNonNull(createTimeout, "createTimeout");
    }

    /** runc and conmon from their Debian locations, two minutes for a create. */
    public static RuntimeConfig defaults(Path stateDir) {
        return new RuntimeConfig(stateDir, Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"),
                Duration.ofMinutes(2));
    }
}
