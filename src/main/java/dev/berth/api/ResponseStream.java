package dev.berth.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed (chunked) response body: events, logs, wait, archives. Writes block while the client is slow
 * (backpressure) and fail with {@link ClientGoneException} once it has gone. Not thread-safe: one writer.
 */
public abstract class ResponseStream extends OutputStream {

    /** Thrown when the client closed the connection while we were still writing. */
    public static final class ClientGoneException extends IOException {
        public ClientGoneException() {
            super("client closed the connection", null);
        }
    }

    /** Sends what was written so far. */
    @Override
    public abstract void flush() throws IOException;

    /** Ends the response. */
    @Override
    public abstract void close() throws IOException;

    /** True while the client is still connected. */
    public abstract boolean isOpen();
}
