package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body read as a stream while it arrives. The I/O thread offers chunks; when more than
 * {@value #HIGH_WATER} bytes wait unread, reading from the socket pauses until the reader catches up, so an
 * upload of any size uses bounded memory. Thread-safe for one reader and the I/O thread.
 */
final class BodyStream extends InputStream {

    private static final int HIGH_WATER = 4 << 20;
    private static final int LOW_WATER = 1 << 20;

    private final Channel channel;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private int buffered;
    private boolean ended;
    private boolean closed;
    private boolean paused;
    private IOException failure;

    BodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Called on the I/O thread with a retained chunk. */
    synchronized void offer(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        chunks.add(chunk);
        buffered += chunk.readableBytes();
        if (buffered > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    /** The last chunk arrived. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The connection broke before the body ended. */
    synchronized void fail(IOException e) {
        failure = e;
        notifyAll();
    }

    /** True once the whole body arrived or the reader gave up. */
    synchronized boolean isDone() {
        return ended || closed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty()) {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (ended) {
                return -1;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
        ByteBuf head = chunks.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        buffered -= n;
        if (!head.isReadable()) {
            chunks.poll().release();
        }
        if (paused && buffered < LOW_WATER) {
            paused = false;
            resumeReading();
        }
        return n;
    }

    /** Drops unread data; later chunks are discarded as they arrive. */
    @Override
    public synchronized void close() {
        closed = true;
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        buffered = 0;
        if (paused) {
            paused = false;
            resumeReading();
        }
        notifyAll();
    }

    private void resumeReading() {
        boolean inputOpen = !(channel instanceof io.netty.channel.socket.DuplexChannel d) || !d.isInputShutdown();
        if (channel.isActive() && inputOpen) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }
}
