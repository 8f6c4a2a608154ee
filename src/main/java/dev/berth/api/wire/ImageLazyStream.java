package dev.berth.api.wire;

import dev.berth.image.Progress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A response body that is only opened by its first byte, as Go's {@code WriteFlusher} sends headers with the first
 * write: until then a failure can still become an ordinary HTTP error; afterwards it must be reported in-band
 * ({@link #progress} writes Docker's JSON messages, {@link #error} the error message). Every message is flushed so
 * clients see progress as it happens. Not thread-safe: one writer.
 */
public final class ImageLazyStream extends OutputStream {

    /** Opens the real response stream (sends status and headers). */
    @FunctionalInterface
    public interface Opener {
        OutputStream open() throws IOException;
    }

    private final Opener opener;
    private OutputStream out;
    private boolean closed;

    public ImageLazyStream(Opener opener) {
        this.opener = opener;
    }

    /** True once the response status and headers are out. */
    public boolean started() {
        return out != null;
    }

    /** Writes one progress event as a JSON message; I/O failures surface as {@link UncheckedIOException}. */
    public void progress(Progress p) {
        try {
            write(ImageMessages.encode(p));
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reports a failure in-band and ends the stream. */
    public void error(String message) throws IOException {
        write(ImageMessages.error(message));
        close();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        stream().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (out != null && !closed) {
            out.flush();
        }
    }

    /** Ends the response, opening it first if nothing was written (an empty 200 body). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        OutputStream s = stream();
        closed = true;
        s.close();
    }

    private OutputStream stream() throws IOException {
        if (out == null) {
            out = opener.open();
        }
        return out;
    }
}
