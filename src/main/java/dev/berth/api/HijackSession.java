package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A hijacked connection. Input is handled on the channel's event loop only, so it reaches the consumer in order;
 * bytes that arrive before a consumer is set are queued (the CLI sends stdin right after the upgrade, before the
 * container runs), up to a limit after which the client is no longer read. Thread-safe.
 */
final class HijackSession implements Hijacked {

    /** Input queued before a consumer exists beyond which the connection is no longer read. */
    static final int PENDING_LIMIT = 1 << 20;

    private final ChannelHandlerContext ctx;
    private final HttpDispatcher dispatcher;
    // Input state: touched on the event loop only.
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pendingBytes;
    private Consumer<byte[]> consumer;
    private BooleanSupplier accepting = () -> true;
    private boolean inputEnded;

    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private boolean closed;

    HijackSession(ChannelHandlerContext ctx, HttpDispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    /** Client bytes (event loop). */
    void input(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        deliver(bytes);
    }

    /** The client half-closed (event loop). */
    void inputClosed() {
        deliver(null);
    }

    private void deliver(byte[] bytes) {
        if (inputEnded) {
            return;
        }
        if (bytes == null) {
            inputEnded = true;
        }
        if (consumer == null) {
            pending.add(bytes == null ? END : bytes);
            if (bytes != null) {
                pendingBytes += bytes.length;
                applyInputFlow();
            }
            return;
        }
        consumer.accept(bytes);
    }

    private static final byte[] END = new byte[0];

    @Override
    public void onInput(Consumer<byte[]> consumer) {
        onEventLoop(() -> {
            this.consumer = consumer;
            while (!pending.isEmpty()) {
                byte[] b = pending.poll();
                consumer.accept(b == END ? null : b);
            }
            pendingBytes = 0;
            applyInputFlow();
        });
    }

    @Override
    public void inputFlow(BooleanSupplier accepting) {
        onEventLoop(() -> {
            this.accepting = accepting;
            applyInputFlow();
        });
    }

    /** Reads the client only while its input is wanted (event loop). */
    private void applyInputFlow() {
        boolean read = consumer == null ? pendingBytes < PENDING_LIMIT : accepting.getAsBoolean();
        Channel ch = ctx.channel();
        if (read && (!ch.isActive() || ch instanceof DuplexChannel d && d.isInputShutdown())) {
            // After the client's half-close epoll no longer watches the input; asking to read would fail.
            return;
        }
        ch.config().setAutoRead(read);
    }

    private void onEventLoop(Runnable task) {
        try {
            ctx.channel().eventLoop().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the server is shutting down; the connection goes with it
        }
    }

    /** The connection closed (event loop). */
    void closed() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        deliver(null);
        if (first) {
            closeActions.forEach(Runnable::run);
        }
    }

    @Override
    public void onClose(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = closed;
            if (!closed) {
                closeActions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (!ctx.channel().isActive()) {
            throw new ResponseStream.ClientGoneException();
        }
        dispatcher.awaitWritable(ctx);
        ctx.writeAndFlush(Unpooled.copiedBuffer(bytes, offset, length));
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public void close() {
        if (ctx.executor().isShuttingDown()) {
            // The server is stopping and closes every connection itself; a listener could no longer run.
            return;
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
    }
}
