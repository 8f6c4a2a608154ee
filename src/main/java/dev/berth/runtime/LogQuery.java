package dev.berth.runtime;

import java.time.Instant;

/**
 * Which log entries to read, with Docker's semantics: {@code tail} counts entries from the end of the log
 * (-1 all, 0 none) and is applied before {@code since}/{@code until} (inclusive bounds, null for none) and before
 * the stream selection; {@code follow} keeps reading new output until the container has exited and the log is
 * drained. Immutable and thread-safe.
 */
public record LogQuery(boolean stdout, boolean stderr, int tail, Instant since, Instant until, boolean follow) {

    public LogQuery {
        if (tail < -1) {
            throw new IllegalArgumentException("tail must be -1 (all) or >= 0: " + tail);
        }
    }

    /** Everything on both streams, without following. */
    public static LogQuery all() {
        return new LogQuery(true, true, -1, null, null, false);
    }

    boolean wants(LogEntry e) {
        return e.stream() == StdStream.STDOUT ? stdout : stderr;
    }
}
