package dev.berth.api;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A connection taken over after {@code 101 UPGRADED} (attach): raw bytes both ways. Output writes block while the
 * client is slow. Input arrives through the consumer set with {@link #onInput}; {@code null} marks the client's
 * half-close (stdin EOF). Thread-safe for one writer and the I/O thread.
 */
public interface Hijacked extends AutoCloseable {

    /** Writes raw bytes to the client. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Receives client bytes: each call hands over one chunk; a final {@code null} means the client half-closed or
     * disconnected. Bytes that arrived before this call are delivered first.
     */
    void onInput(Consumer<byte[]> consumer);

    /**
     * Reads from the client only while {@code accepting} says so (backpressure on its input); called again whenever
     * its answer changed. Does not block.
     */
    void inputFlow(java.util.function.BooleanSupplier accepting);

    /** Runs {@code action} once the connection is closed by either side. */
    void onClose(Runnable action);

    boolean isOpen();

    /** Closes the connection (ends the attach session). */
    @Override
    void close();
}
