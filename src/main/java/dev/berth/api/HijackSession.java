package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hijacked connection. Input bytes that arrive before a consumer is set are queued (the CLI may send stdin
 * right after the upgrade). Thread-safe.
 */
final class HijackSession implements Hijacked {

    private final ChannelHandlerContext ctx;
    private final HttpDispatcher dispatcher;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private Consumer<byte[]> consumer;
    private boolean inputEnded;
    private boolean closed;

    HijackSession(ChannelHandlerContext ctx, HttpDispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    void input(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        deliver(bytes);
    }

    void inputClosed() {
        deliver(null);
    }

    private void deliver(byte[] bytes) {
        Consumer<byte[]> c;
        synchronized (this) {
            if (inputEnded) {
                return;
            }
            if (bytes == null) {
                inputEnded = true;
            }
            c = consumer;
            if (c == null) {
                pending.add(bytes == null ? END : bytes);
                return;
            }
        }
        c.accept(bytes);
    }

    private static final byte[] END = new byte[0];

    @Override
    public void onInput(Consumer<byte[]> consumer) {
        ArrayDeque<byte[]> queued;
        synchronized (this) {
            this.consumer = consumer;
            queued = new ArrayDeque<>(pending);
            pending.clear();
        }
        for (byte[] b : queued) {
            consumer.accept(b == END ? null : b);
        }
    }

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
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
    }
}
