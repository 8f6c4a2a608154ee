package dev.berth.api.routes;

import dev.berth.api.Hijacked;
import dev.berth.container.AttachClient;
import dev.berth.runtime.StdStream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The attach client handed to the container service before the connection is upgraded. The attach must be
 * registered before the {@code 101} goes out: the CLI starts the container as soon as it reads the upgrade, and
 * output of a fast container would otherwise be gone before the attach exists. Until {@link #bind} the output is
 * kept in order, and input and close hooks are remembered.
 */
final class AttachBridge implements AttachClient {

    /** Output kept before the upgrade beyond which the container's reader waits for it. */
    static final int EARLY_LIMIT = 1 << 20;
    /** How long output waits for the upgrade before the attach is given up. */
    private static final long BIND_WAIT_MILLIS = 60_000;

    private final boolean tty;
    private final List<byte[]> early = new ArrayList<>();
    private long earlyBytes;
    private java.util.function.BooleanSupplier inputFlow;
    private final List<Consumer<byte[]>> inputs = new ArrayList<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private Hijacked conn;
    private boolean closed;

    AttachBridge(boolean tty) {
        this.tty = tty;
    }

    /** Connects the upgraded connection: early output is written first, then everything flows directly. */
    void bind(Hijacked c) {
        boolean closeNow;
        synchronized (this) {
            try {
                for (byte[] b : early) {
                    c.write(b, 0, b.length);
                }
            } catch (IOException e) {
                closed = true;
            }
            early.clear();
            earlyBytes = 0;
            if (inputFlow != null) {
                c.inputFlow(inputFlow);
            }
            inputs.forEach(c::onInput);
            closeActions.forEach(c::onClose);
            inputs.clear();
            closeActions.clear();
            conn = c;
            closeNow = closed;
            notifyAll();
        }
        if (closeNow) {
            c.close();
        }
    }

    @Override
    public boolean output(StdStream stream, byte[] buf, int off, int len) {
        byte[] bytes;
        if (tty) {
            bytes = java.util.Arrays.copyOfRange(buf, off, off + len);
        } else {
            bytes = StdFrames.frame(stream, buf, off, len);
        }
        Hijacked c;
        synchronized (this) {
            // The reader (conmon's output) waits while too much is kept: it backs up into the container's pipe.
            long deadline = System.currentTimeMillis() + BIND_WAIT_MILLIS;
            while (conn == null && !closed && earlyBytes + bytes.length > EARLY_LIMIT && !early.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    closed = true;
                    early.clear();
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (conn == null) {
                if (closed) {
                    return false;
                }
                early.add(bytes);
                earlyBytes += bytes.length;
                return true;
            }
            c = conn;
        }
        try {
            c.write(bytes, 0, bytes.length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void onInput(Consumer<byte[]> input) {
        Hijacked c;
        synchronized (this) {
            if (conn == null) {
                inputs.add(input);
                return;
            }
            c = conn;
        }
        c.onInput(input);
    }

    @Override
    public void inputFlow(java.util.function.BooleanSupplier accepting) {
        Hijacked c;
        synchronized (this) {
            inputFlow = accepting;
            c = conn;
        }
        if (c != null) {
            c.inputFlow(accepting);
        }
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (conn == null) {
                closeActions.add(action);
                return;
            }
        }
        conn.onClose(action);
    }

    @Override
    public void close() {
        Hijacked c;
        synchronized (this) {
            closed = true;
            c = conn;
            notifyAll();
        }
        if (c != null) {
            c.close();
        }
    }
}
