package dev.berth.runtime;

/**
 * Receives log entries in order, on the reading thread; returning false stops the read (e.g. the client went
 * away).
 */
@FunctionalInterface
public interface LogSink {

    boolean accept(LogEntry entry);
}
