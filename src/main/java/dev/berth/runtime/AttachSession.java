package dev.berth.runtime;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to a container's stdio. Output flows to the {@link AttachListener} until the container's output
 * ends (it exited) or the session is closed, then {@link #done()} completes. Thread-safe: one thread may write
 * stdin while output is delivered on the session's own thread.
 */
public interface AttachSession extends AutoCloseable {

    /** Writes to the container's stdin (if it was created with stdin open); blocks while the container lags. */
    void writeStdin(byte[] buf, int off, int len) throws IOException;

    /**
     * Ends this client's stdin. The container's stdin closes too when it was created with {@code stdinOnce};
     * output keeps flowing.
     */
    void closeStdin() throws IOException;

    /**
     * Stdin flow control: {@code changed} runs (never under a lock, possibly on any thread, must not block) after
     * {@link #acceptsStdin} changed. Without a listener, stdin is queued without limit.
     */
    void onStdinFlow(Runnable changed);

    /** False while more stdin is queued than the container has taken: the client should not be read. */
    boolean acceptsStdin();

    /** Completes when the output has ended or the session was closed. */
    CompletableFuture<Void> done();

    /** Detaches; the container keeps running. Idempotent. */
    @Override
    void close();
}
