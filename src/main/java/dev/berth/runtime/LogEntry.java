package dev.berth.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * One line of container output as {@code docker logs} shows it: the stream, when it was written, and its bytes
 * including the trailing newline (absent only for output the container ended without one). Immutable (the array
 * is not copied; do not modify it) and thread-safe.
 */
public record LogEntry(StdStream stream, Instant timestamp, byte[] bytes) {

    /** Docker's {@code --timestamps} format: RFC 3339 in UTC with exactly nine fraction digits. */
    private static final DateTimeFormatter DOCKER_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    public LogEntry {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The timestamp as {@code docker logs -t} prints it, e.g. {@code 2024-05-01T10:00:00.120000000Z}. */
    public String dockerTimestamp() {
        return DOCKER_TIME.format(timestamp);
    }

    /** The bytes decoded as UTF-8 (for tests and diagnostics). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
