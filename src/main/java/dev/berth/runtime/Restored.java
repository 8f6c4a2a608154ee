package dev.berth.runtime;

import java.time.Instant;

/** What became of a container while the daemon was away. Immutable and thread-safe. */
public sealed interface Restored {

    /** Still running under its supervisor; its exit will be reported as usual. */
    record Running(int pid) implements Restored {
    }

    /** Created but never started; its supervisor is waiting. */
    record Created(int pid) implements Restored {
    }

    /** Exited meanwhile. */
    record Exited(int exitCode, Instant finishedAt) implements Restored {
    }

    /**
     * Neither running under a supervisor nor with a recorded exit (host rebooted, supervisor killed): the caller
     * should {@code delete(id, true)} it and treat it as exited.
     */
    record Lost(String reason) implements Restored {
    }
}
