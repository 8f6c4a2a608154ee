package dev.berth.container;

import java.time.Instant;

/**
 * A container's run state as inspect reports it under {@code State}. Times are null when unset (shown as
 * {@code 0001-01-01T00:00:00Z}). Immutable and thread-safe.
 */
public record ContainerState(ContainerStatus status, int pid, int exitCode, String error, Instant startedAt,
                             Instant finishedAt, boolean oomKilled) {

    public static final ContainerState CREATED = new ContainerState(ContainerStatus.CREATED, 0, 0, "", null, null,
            false);

    public ContainerState {
        error = error == null ? "" : error;
    }

    public boolean isRunning() {
        return status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED
                || status == ContainerStatus.RESTARTING;
    }

    public ContainerState running(int newPid, Instant at) {
        return new ContainerState(ContainerStatus.RUNNING, newPid, 0, "", at, finishedAt, false);
    }

    public ContainerState exited(int code, Instant at, String err) {
        return new ContainerState(ContainerStatus.EXITED, 0, code, err, startedAt, at, oomKilled);
    }

    public ContainerState withStatus(ContainerStatus s) {
        return new ContainerState(s, pid, exitCode, error, startedAt, finishedAt, oomKilled);
    }

    public ContainerState withError(String err) {
        return new ContainerState(status, pid, exitCode, err, startedAt, finishedAt, oomKilled);
    }
}
