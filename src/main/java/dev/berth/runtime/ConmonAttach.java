package dev.berth.runtime;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.UnixSeqpacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * An attach session over conmon's attach socket ({@code AF_UNIX}, {@code SOCK_SEQPACKET}). Each message from
 * conmon is one read of the container's output, prefixed with one byte naming the pipe (2 stdout, 3 stderr);
 * messages to conmon are raw stdin bytes. conmon closes the socket after the container exits and its output is
 * drained. Thread-safe.
 */
final class ConmonAttach implements AttachSession {

    private static final Logger log = LoggerFactory.getLogger(ConmonAttach.class);
    /** conmon reads at most this much container output per message (STDIO_BUF_SIZE), plus the pipe byte. */
    private static final int MESSAGE = 8192 + 1;
    /** conmon receives stdin into a 32 KiB buffer; larger messages would be truncated. */
    private static final int STDIN_CHUNK = 8192;
    private static final byte CONMON_STDOUT = 2;
    private static final byte CONMON_STDERR = 3;

    private final String id;
    private final UnixSeqpacket socket;
    private final AttachListener listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private ConmonAttach(String id, UnixSeqpacket socket, AttachListener listener) {
        this.id = id;
        this.socket = socket;
        this.listener = listener;
    }

    static ConmonAttach open(String id, UnixSeqpacket socket, AttachListener listener) {
        ConmonAttach a = new ConmonAttach(id, socket, listener);
        Thread.ofVirtual().name("attach-" + id.substring(0, Math.min(12, id.length()))).start(a::pump);
        return a;
    }

    private void pump() {
        byte[] buf = new byte[MESSAGE * 4];
        try {
            while (true) {
                int n = socket.read(buf, 0, buf.length);
                if (n <= 0) {
                    break;
                }
                StdStream stream = switch (buf[0]) {
                    case CONMON_STDOUT -> StdStream.STDOUT;
                    case CONMON_STDERR -> StdStream.STDERR;
                    default -> null;
                };
                if (stream != null && n > 1) {
                    listener.output(stream, buf, 1, n - 1);
                }
            }
        } catch (ErrnoException e) {
            log.debug("attach to {} ended: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("attach listener for {} failed", id, e);
        } finally {
            socket.close();
            done.complete(null);
        }
    }

    @Override
    public void writeStdin(byte[] buf, int off, int len) throws IOException {
        for (int pos = off; pos < off + len; pos += STDIN_CHUNK) {
            socket.write(buf, pos, Math.min(STDIN_CHUNK, off + len - pos));
        }
    }

    @Override
    public void closeStdin() throws IOException {
        socket.shutdownWrite();
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() {
        socket.close();
    }
}
