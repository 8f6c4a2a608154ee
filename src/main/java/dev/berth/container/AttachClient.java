package dev.berth.container;

import dev.berth.runtime.StdStream;

import java.util.function.Consumer;

/**
 * The client side of an attach, as the service sees it: where output goes, where input comes from, and how to
 * end the session. The API layer implements it over a hijacked connection. Thread-safe.
 */
public interface AttachClient {

    /** Sends container output (from the session's reader thread). Returns false once the client is gone. */
    boolean output(StdStream stream, byte[] buf, int off, int len);

    /** Registers the receiver of client input; {@code null} marks the client's end of input. */
    void onInput(Consumer<byte[]> input);

    /**
     * Client input is read only while {@code accepting} says so; called again whenever its answer changed. Must not
     * block.
     */
    void inputFlow(java.util.function.BooleanSupplier accepting);

    /** Runs {@code action} when the client disconnects. */
    void onClose(Runnable action);

    /** Ends the session (the container's output ended). */
    void close();
}
