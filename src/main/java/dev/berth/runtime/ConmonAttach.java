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
    /** Queued stdin above which the client is no longer read, and below which it is read again. */
    static final int STDIN_HIGH_WATER = 1 << 20;
    static final int STDIN_LOW_WATER = 256 << 10;
    private static final byte CONMON_STDOUT = 2;
    private static final byte CONMON_STDERR = 3;

    private final String id;
    private final UnixSeqpacket socket;
    private final AttachListener listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private java.util.concurrent.BlockingQueue<byte[]> stdin;
    /** Bytes of stdin queued and not yet written to conmon; guarded by this. */
    private long backlog;
    private boolean paused;
    private volatile Runnable flowChanged = () -> { };

    private ConmonAttach(String id, UnixSeqpacket socket, AttachListener listener) {
        this.id = id;
        this.socket = socket;
        this.listener = listener;
    }

    static ConmonAttach open(String id, UnixSeqpacket socket, AttachListener listener) {
        ConmonAttach a = new ConmonAttach(id, socket, listener);
        // A platform thread, never a virtual one: the read blocks inside a native call for as long as the container
        // runs, and a virtual thread would pin its carrier all that time. With as many carriers as cores, two
        // attached containers on two cores stalled every virtual thread of the daemon (API workers, exit handling).
        Thread.ofPlatform().daemon().name("attach-" + id.substring(0, Math.min(12, id.length()))).start(a::pump);
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
            endStdin();
            done.complete(null);
        }
    }

    /**
     * Queues stdin for the forwarder thread and returns at once: the socket write blocks while the container does
     * not read (before start, or a slow reader), and callers are the HTTP I/O thread or hold the container lock.
     */
    @Override
    public void writeStdin(byte[] buf, int off, int len) throws IOException {
        if (len > 0) {
            var queue = stdin();
            boolean changed = false;
            synchronized (this) {
                queue.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                backlog += len;
                if (!paused && backlog >= STDIN_HIGH_WATER) {
                    paused = true;
                    changed = true;
                }
            }
            if (changed) {
                flowChanged.run();
            }
        }
    }

    @Override
    public void onStdinFlow(Runnable changed) {
        this.flowChanged = changed;
    }

    @Override
    public synchronized boolean acceptsStdin() {
        return !paused;
    }

    /** Counts {@code n} bytes as taken by conmon; the client may be read again once the backlog is low. */
    private void drained(long n) {
        boolean changed = false;
        synchronized (this) {
            backlog -= n;
            if (paused && backlog <= STDIN_LOW_WATER) {
                paused = false;
                changed = true;
            }
        }
        if (changed) {
            flowChanged.run();
        }
    }

    @Override
    public void closeStdin() throws IOException {
        stdin().add(STDIN_END);
    }

    private static final byte[] STDIN_END = new byte[0];

    private synchronized java.util.concurrent.BlockingQueue<byte[]> stdin() {
        if (stdin == null) {
            stdin = new java.util.concurrent.LinkedBlockingQueue<>();
            var queue = stdin;
            // A platform thread: the blocking FFM write would otherwise pin a virtual thread's carrier.
            Thread.ofPlatform().daemon().name("stdin-" + id.substring(0, Math.min(12, id.length())))
                    .start(() -> forward(queue));
        }
        return stdin;
    }

    private void forward(java.util.concurrent.BlockingQueue<byte[]> queue) {
        try {
            while (true) {
                byte[] b = queue.take();
                if (b == STDIN_END) {
                    socket.shutdownWrite();
                    return;
                }
                for (int pos = 0; pos < b.length; pos += STDIN_CHUNK) {
                    socket.write(b, pos, Math.min(STDIN_CHUNK, b.length - pos));
                }
                drained(b.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ErrnoException | RuntimeException e) {
            log.debug("stdin to {} ended: {}", id, e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() {
        socket.close();
        endStdin();
    }

    /** Lets the forwarder thread finish: queued stdin is dropped once the socket is gone. */
    private void endStdin() {
        long queued;
        synchronized (this) {
            if (stdin != null) {
                stdin.clear();
                stdin.add(STDIN_END);
            }
            queued = backlog;
        }
        // Nothing queued is written any more: let the client's remaining input be read (and dropped).
        drained(queued);
    }
}
