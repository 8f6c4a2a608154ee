package dev.berth.runtime;

import java.time.Instant;

/**
 * A container's init process ended: its exit code as Docker reports it (128+n when killed by signal n) and when.
 * Immutable and thread-safe.
 */
public record ExitEvent(String id, int exitCode, Instant finishedAt) {
}
