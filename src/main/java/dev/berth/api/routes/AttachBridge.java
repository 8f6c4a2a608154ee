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

    private final boolean tty;
    private final List<byte[]> early = new ArrayList<>();
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
            inputs.forEach(c::onInput);
            closeActions.forEach(c::onClose);
            inputs.clear();
            closeActions.clear();
            conn = c;
            closeNow = closed;
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
            if (conn == null) {
                early.add(bytes);
                return !closed;
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
    public synchronized void onInput(Consumer<byte[]> input) {
        if (conn == null) {
            inputs.add(input);
        } else {
            conn.onInput(input);
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
        }
        if (c != null) {
            c.close();
        }
    }
}
