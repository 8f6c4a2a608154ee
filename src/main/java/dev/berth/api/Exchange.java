package dev.berth.api;

import dev.berth.mount.ApiVersion;

import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import dev.berth.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One request and its response, as a route sees it: path variables, query, body, API version, and ways to answer
 * (JSON, empty, streamed, hijacked). Exactly one answer per exchange. A route may answer from any thread.
 */
public final class Exchange {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    private final ChannelHandlerContext ctx;
    private final HttpDispatcher dispatcher;
    private final HttpRequest request;
    private final ApiVersion version;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private byte[] body;
    private BodyStream bodyStream;
    private volatile boolean answered;
    private volatile ChunkedStream openStream;
    private volatile boolean clientGone;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> extraHeaders = new java.util.LinkedHashMap<>(2);

    Exchange(ChannelHandlerContext ctx, HttpDispatcher dispatcher, HttpRequest request, ApiVersion version,
             Map<String, String> params, Map<String, List<String>> query) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.request = request;
        this.version = version;
        this.params = params;
        this.query = query;
    }

    // --- request ---

    public ApiVersion version() {
        return version;
    }

    public HttpMethod method() {
        return request.method();
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    /** A path variable of the route pattern. */
    public String path(String name) {
        return params.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    public boolean hasQuery(String name) {
        return query.containsKey(name);
    }

    /** Docker's boolean query values: absent, "", "0", "no", "false", "none" are false; anything else true. */
    public boolean queryBool(String name) {
        String v = query(name);
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    public int queryInt(String name, int absent) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
        }
    }

    /** The {@code filters} query parameter in either wire encoding. */
    public FilterArgs filters() {
        return WireFilters.parse(query("filters"));
    }

    /** The whole request body (routes of mode INLINE and BLOCKING). */
    public byte[] body() {
        if (body == null) {
            throw new IllegalStateException("route streams its body; use bodyStream()");
        }
        return body;
    }

    /** The body decoded as JSON with Docker's checks; null for an empty body. */
    public <T> T bodyJson(Class<T> type) {
        return JsonBodies.read(request.headers().get(HttpHeaderNames.CONTENT_TYPE), body(), type);
    }

    /** The body as a stream (routes of mode STREAMING_BODY). */
    public InputStream bodyStream() {
        if (bodyStream == null) {
            throw new IllegalStateException("route has an aggregated body; use body()");
        }
        return bodyStream;
    }

    void setBody(byte[] body) {
        this.body = body;
    }

    void setBodyStream(BodyStream stream) {
        this.bodyStream = stream;
    }

    BodyStream bodyStreamOrNull() {
        return bodyStream;
    }

    // --- response ---

    /** Adds a header to the response about to be sent. */
    public Exchange header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    private void decorate(HttpHeaders h) {
        dispatcher.decorate(h);
        extraHeaders.forEach(h::set);
    }

    /** Answers with {@code value} serialised as JSON. */
    public void json(HttpResponseStatus status, Object value) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new InternalException("encode response: " + e.getMessage(), e);
        }
        jsonBytes(status, bytes);
    }

    public void json(Object value) {
        json(HttpResponseStatus.OK, value);
    }

    /**
     * Answers with bytes already encoded as JSON. Every JSON answer ends with a newline, as Go's
     * {@code json.Encoder} writes Docker's ({@code httputils.WriteJSON}).
     */
    public void jsonBytes(HttpResponseStatus status, byte[] bytes) {
        sendBuffer(status, "application/json", Unpooled.wrappedBuffer(bytes, NEWLINE));
    }

    private static final byte[] NEWLINE = {'\n'};

    public void noContent() {
        send(HttpResponseStatus.NO_CONTENT, null, null);
    }

    public void status(HttpResponseStatus status) {
        send(status, null, null);
    }

    /** Answers with JSON already written into {@code content} (from {@link #alloc()}); takes ownership of it. */
    public void jsonBuffer(HttpResponseStatus status, ByteBuf content) {
        sendBuffer(status, "application/json", content.writeByte('\n'));
    }

    /** The connection's buffer allocator, for routes that write big bodies straight into a buffer. */
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** Answers with a body of the given type. */
    public void send(HttpResponseStatus status, String contentType, byte[] bytes) {
        sendBuffer(status, contentType, bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    }

    private void sendBuffer(HttpResponseStatus status, String contentType, ByteBuf content) {
        try {
            markAnswered();
        } catch (IllegalStateException e) {
            content.release();
            throw e;
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        decorate(resp.headers());
        if (contentType != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (status.code() == 304) {
            // Go sends no length on a 304; Netty's keep-alive handler would then close the connection (and lose
            // pipelined requests), so say "no body" explicitly.
            HttpUtil.setContentLength(resp, 0);
        } else if (status.code() != 204) {
            HttpUtil.setContentLength(resp, content.readableBytes());
        }
        ctx.writeAndFlush(resp).addListener(f -> dispatcher.responseDone(this));
    }

    /** A body made piece by piece on the event loop, for answers too big to hold at once. */
    @FunctionalInterface
    public interface BodyPieces {
        /** Appends the next piece (about {@link #PIECE} bytes) to {@code out}; false once the body is complete. */
        boolean next(ByteBuf out) throws IOException;
    }

    /** The size a {@link BodyPieces} piece aims at. */
    public static final int PIECE = 64 * 1024;

    /**
     * Answers with a body made piece by piece: a body of one piece goes out with a {@code Content-Length}, a bigger
     * one chunked, as Go's server sends a big body. Each further piece is made when the connection has taken the
     * ones before, so a slow client holds at most a piece or two in memory. Must be called on the event loop.
     */
    public void pieces(HttpResponseStatus status, String contentType, BodyPieces body) throws IOException {
        ByteBuf first = ctx.alloc().buffer(PIECE);
        boolean more;
        try {
            more = body.next(first);
        } catch (IOException | RuntimeException e) {
            first.release();
            throw e;
        }
        if (!more) {
            sendBuffer(status, contentType, endOfBody(contentType, first));
            return;
        }
        try {
            markAnswered();
        } catch (IllegalStateException e) {
            first.release();
            throw e;
        }
        ctx.write(chunkedHead(status, contentType));
        new PieceWriter(body, contentType).send(first);
    }

    /** The last piece of a body; a JSON body ends with a newline, as every JSON answer does. */
    private static ByteBuf endOfBody(String contentType, ByteBuf last) {
        return "application/json".equals(contentType) ? last.writeByte('\n') : last;
    }

    /** Writes the pieces of one body while the connection is writable, resuming when the last write completes. */
    private final class PieceWriter implements ChannelFutureListener {
        private final BodyPieces body;
        private final String contentType;

        PieceWriter(BodyPieces body, String contentType) {
            this.body = body;
            this.contentType = contentType;
        }

        void send(ByteBuf piece) {
            ChannelFuture last = ctx.writeAndFlush(new DefaultHttpContent(piece));
            pump(last);
        }

        private void pump(ChannelFuture last) {
            while (ctx.channel().isActive()) {
                if (!ctx.channel().isWritable()) {
                    last.addListener(this);
                    return;
                }
                ByteBuf piece = ctx.alloc().buffer(PIECE);
                boolean more;
                try {
                    more = body.next(piece);
                } catch (IOException | RuntimeException e) {
                    // The status line is out; all that is left is to cut the body short.
                    piece.release();
                    log.error("{} {}: response body failed after its headers were sent", request.method(),
                            request.uri(), e);
                    ctx.close();
                    dispatcher.responseDone(Exchange.this);
                    return;
                }
                last = ctx.write(new DefaultHttpContent(more ? piece : endOfBody(contentType, piece)));
                if (!more) {
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                            .addListener(f -> dispatcher.responseDone(Exchange.this));
                    return;
                }
                ctx.flush();
            }
            dispatcher.responseDone(Exchange.this);
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (f.isSuccess()) {
                pump(f);
            } else {
                dispatcher.responseDone(Exchange.this);
            }
        }
    }

    /** Sends an error answer in Docker's {@code {"message": ...}} shape. */
    void error(HttpResponseStatus status, String message) {
        if (log.isDebugEnabled()) {
            log.debug("{} {}: {} {}", request.method(), request.uri(), status.code(), message);
        }
        json(status, Map.of("message", message));
    }

    /** Starts a chunked response; headers are flushed at once (docker run's wait depends on that). */
    public ResponseStream stream(HttpResponseStatus status, String contentType) {
        markAnswered();
        ctx.writeAndFlush(chunkedHead(status, contentType));
        ChunkedStream s = new ChunkedStream();
        openStream = s;
        return s;
    }

    /** Ends a streamed answer its route left open (the dispatcher calls this when the route returns). */
    void endStream() {
        ChunkedStream s = openStream;
        if (s != null) {
            s.close();
        }
    }

    /** The status line and headers of a chunked answer. */
    private HttpResponse chunkedHead(HttpResponseStatus status, String contentType) {
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        decorate(resp.headers());
        if (contentType != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            // HTTP/1.0 has no chunked coding: the body runs to the end of the connection, which the keep-alive
            // handler closes after the last piece (a response of unknown length).
            return resp;
        }
        HttpUtil.setTransferEncodingChunked(resp, true);
        return resp;
    }

    /**
     * Takes over the connection: answers {@code 101 UPGRADED} and hands over raw bytes both ways. Without an
     * {@code Upgrade} request header Docker answers 200 and streams the same way; so does this.
     */
    public Hijacked hijack(String contentType) {
        markAnswered();
        boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
        return dispatcher.hijack(ctx, this, upgrade, contentType);
    }

    /** Runs {@code action} when the client goes away before or while the response is written. */
    public void onClientClose(Runnable action) {
        closeListeners.add(action);
        // A client that half-closed (or left) before the route got here is already gone: act at once.
        if (clientGone || !ctx.channel().isActive()) {
            action.run();
        }
    }

    public boolean isClientConnected() {
        return ctx.channel().isActive();
    }

    boolean isAnswered() {
        return answered;
    }

    void clientClosed() {
        clientGone = true;
        closeListeners.forEach(Runnable::run);
    }

    private void markAnswered() {
        if (answered) {
            throw new IllegalStateException("response already sent");
        }
        answered = true;
    }

    /**
     * Writes {@link DefaultHttpContent} chunks with backpressure; ends with the last chunk. Small writes (a tar's
     * 512-byte headers, a log line) are gathered into one chunk of up to {@link #CHUNK} bytes; nothing reaches the
     * socket before a flush, a full chunk or the close, so a writer that flushes each event still sends each at
     * once. A chunk per write had made a 200 MB tar of 10,000 files 30,000 chunks, each read and framed on both
     * sides.
     */
    private final class ChunkedStream extends ResponseStream {
        private static final int CHUNK = 64 * 1024;
        private boolean closed;
        private ByteBuf pending;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            ensureOpen();
            if (pending == null && len >= CHUNK) {
                dispatcher.awaitWritable(ctx);
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(b, off, len)));
                ctx.flush();
                return;
            }
            while (len > 0) {
                if (pending == null) {
                    pending = Unpooled.buffer(CHUNK, CHUNK);
                }
                int n = Math.min(len, pending.writableBytes());
                pending.writeBytes(b, off, n);
                off += n;
                len -= n;
                if (!pending.isWritable()) {
                    emit();
                    ctx.flush();
                }
            }
        }

        /** Sends the gathered bytes as one chunk (not yet flushed), after waiting for the socket to take more. */
        private void emit() throws IOException {
            if (pending != null) {
                ByteBuf chunk = pending;
                pending = null;
                dispatcher.awaitWritable(ctx);
                ctx.write(new DefaultHttpContent(chunk));
            }
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            emit();
            ctx.flush();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pending != null) {
                if (ctx.channel().isActive()) {
                    ctx.write(new DefaultHttpContent(pending));
                } else {
                    pending.release();
                }
                pending = null;
            }
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> dispatcher.responseDone(Exchange.this));
            } else {
                dispatcher.responseDone(Exchange.this);
            }
        }

        @Override
        public boolean isOpen() {
            return !closed && ctx.channel().isActive();
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (!ctx.channel().isActive()) {
                throw new ClientGoneException();
            }
        }
    }

    static boolean isKeepAlive(HttpRequest request) {
        return HttpUtil.isKeepAlive(request)
                && !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }
}
