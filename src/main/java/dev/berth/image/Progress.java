package dev.berth.image;

/**
 * One event of a long image operation, shaped after Docker's JSON progress stream so the HTTP layer can write it
 * as is: {@link Status} is {@code {"status":..,"id":..}}, {@link Bar} is a progress bar line
 * ({@code "progressDetail":{"current","total"}}; total 0 when unknown), {@link Line} is {@code {"stream":..}}.
 * Immutable and thread-safe.
 */
public sealed interface Progress {

    /** A status message, optionally about one item ({@code id} may be null). */
    record Status(String id, String status) implements Progress {}

    /** Progress of {@code action} ("Importing", "Loading layer") on item {@code id} (a short ID, or null). */
    record Bar(String id, String action, long current, long total) implements Progress {}

    /** A line of text output, ending with a newline ("Loaded image: busybox:latest\n"). */
    record Line(String text) implements Progress {}
}
