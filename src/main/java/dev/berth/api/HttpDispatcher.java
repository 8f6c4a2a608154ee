package dev.berth.api;

import dev.berth.gotext.GoUrl;
import dev.berth.mount.ApiVersion;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-connection request handling: version prefix, routing, body aggregation or streaming, running the route
 * (on the I/O thread or a virtual thread), error answers, keep-alive sequencing and hijacking.
 *
 * <p>One request is handled at a time per connection; pipelined requests wait in a backlog and reading pauses
 * while a route runs. All fields are confined to the connection's I/O thread unless noted.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9.]+)(/.*)$");
    static final int MAX_BODY = 64 << 20;

    private final Router router;
    private final ExecutorService workers;
    private final ResponseHeaders responseHeaders;

    private Exchange current;
    private Route.Mode mode;
    private CompositeByteBuf aggregate;
    private boolean requestComplete;
    private boolean responded;
    private boolean discarding;
    private boolean closeAfterResponse;
    private boolean inputShutdown;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    /** True while an inline route runs on the I/O thread. */
    private boolean inlineRunning;
    /** The exchange whose answer completed while its inline route was still running. */
    private Exchange inlineDone;
    /** True while {@link #finishIfDone} feeds pipelined requests from the backlog. */
    private boolean draining;
    private volatile HijackSession hijack;
    private final Object writability = new Object();

    HttpDispatcher(Router router, ExecutorService workers, ResponseHeaders responseHeaders) {
        this.router = router;
        this.workers = workers;
        this.responseHeaders = responseHeaders;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HijackSession h = hijack;
        if (h != null) {
            if (msg instanceof ByteBuf buf) {
                h.input(buf);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (current != null && (requestComplete || responded) && msg instanceof HttpRequest) {
            backlog.add(msg);
            return;
        }
        if (!backlog.isEmpty()) {
            backlog.add(msg);
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                onRequest(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        requestComplete = false;
        responded = false;
        discarding = false;
        mode = null;
        if (log.isDebugEnabled()) {
            // As dockerd at debug level: one line per request.
            log.debug("Calling {} {}", req.method(), req.uri());
        }
        if (req.decoderResult().isFailure()) {
            rejectAndClose(ctx, req, HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + req.decoderResult().cause().getMessage());
            return;
        }
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.isEmpty() && !expect.equalsIgnoreCase("100-continue")
                && !req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            // As Go's server: an expectation it cannot meet.
            rejectAndClose(ctx, req, HttpResponseStatus.EXPECTATION_FAILED, "unsupported Expect header");
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String rawPath = qs.rawPath();
        String badPathEscape = GoUrl.invalidEscape(rawPath.getBytes(StandardCharsets.ISO_8859_1));
        if (badPathEscape != null) {
            // Go's server cannot parse such a request line: 400 and the connection closes.
            rejectAndClose(ctx, req, HttpResponseStatus.BAD_REQUEST, badPathEscape);
            return;
        }
        ApiVersion version = ApiServer.MAX_VERSION;
        String versionError = null;
        Matcher m = VERSIONED.matcher(rawPath);
        if (m.matches()) {
            rawPath = m.group(2);
            // As Docker: versions compare part by part ("1" is too old, "1.24.1" is fine, "1.50.1" too new).
            String text = m.group(1);
            if (ApiVersion.compareText(text, ApiServer.MIN_VERSION.toString()) < 0) {
                versionError = "client version " + text + " is too old. Minimum supported API version is "
                        + ApiServer.MIN_VERSION + ", please upgrade your client to a newer version";
            } else if (ApiVersion.compareText(text, ApiServer.MAX_VERSION.toString()) > 0) {
                versionError = "client version " + text + " is too new. Maximum supported API version is "
                        + ApiServer.MAX_VERSION;
            } else {
                version = ApiVersion.ofText(text);
            }
        }
        String[] parts = splitPath(rawPath);
        Router.Match match = router.find(req.method(), parts);
        String badQueryEscape = GoUrl.invalidEscape(queryOf(req.uri()).getBytes(StandardCharsets.ISO_8859_1));
        current = new Exchange(ctx, this, req, version, match == null ? Map.of() : match.params(),
                badQueryEscape != null ? Map.of() : qs.parameters());
        if (!Exchange.isKeepAlive(req)) {
            closeAfterResponse = true;
        }
        if (match == null) {
            refuseBody(req);
            current.error(HttpResponseStatus.NOT_FOUND, "page not found");
            return;
        }
        if (versionError != null) {
            refuseBody(req);
            current.error(HttpResponseStatus.BAD_REQUEST, versionError);
            return;
        }
        if (badQueryEscape != null) {
            // Docker parses the form before the route runs; the connection stays usable.
            refuseBody(req);
            current.error(HttpResponseStatus.BAD_REQUEST, badQueryEscape);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            // curl and others wait (about a second) for "100 Continue" before a body. Sent only now, when this
            // request's turn has come and its route will read the body: a pipelined request must not get it
            // ahead of the answers before it.
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        mode = match.route().mode();
        if (mode == Route.Mode.INLINE && !match.route().runsInline(current)) {
            mode = Route.Mode.BLOCKING;
        }
        RouteHandler handler = match.route().handler();
        if (mode == Route.Mode.STREAMING_BODY) {
            BodyStream stream = new BodyStream(ctx.channel());
            current.setBodyStream(stream);
            Exchange ex = current;
            workers.execute(() -> run(ex, handler));
        } else {
            aggregate = ctx.alloc().compositeBuffer(1024);
            currentHandler = handler;
        }
    }

    private RouteHandler currentHandler;

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (current == null) {
            return;
        }
        boolean last = content instanceof LastHttpContent;
        BodyStream stream = current.bodyStreamOrNull();
        if (content.decoderResult().isFailure()) {
            // A malformed (chunked) body is an error, never an early end: the route must not act on a truncated
            // request. The decoder discards the rest of the connection's input, so the connection closes.
            closeAfterResponse = true;
            requestComplete = true;
            String message = bodyDecodeError(content.decoderResult().cause());
            if (aggregate != null) {
                aggregate.release();
                aggregate = null;
            }
            if (!discarding && !responded) {
                discarding = true;
                if (stream != null) {
                    stream.fail(new MalformedBodyException(message));
                } else {
                    current.error(HttpResponseStatus.BAD_REQUEST, message);
                }
            }
            finishIfDone(ctx);
            return;
        }
        if (discarding || responded) {
            // The answer is out (an error, or a route that stopped reading); drop the rest of the body.
        } else if (stream != null) {
            if (content.content().isReadable()) {
                stream.offer(content.content().retain());
            }
            if (last) {
                stream.end();
            }
        } else if (aggregate != null) {
            if (aggregate.readableBytes() + content.content().readableBytes() > MAX_BODY) {
                aggregate.release();
                aggregate = null;
                discarding = true;
                closeAfterResponse = true;
                current.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large");
            } else {
                aggregate.addComponent(true, content.content().retain());
            }
        }
        if (last) {
            requestComplete = true;
            if (aggregate != null && !discarding && !responded) {
                byte[] body = new byte[aggregate.readableBytes()];
                aggregate.readBytes(body);
                aggregate.release();
                aggregate = null;
                current.setBody(body);
                Exchange ex = current;
                RouteHandler handler = currentHandler;
                currentHandler = null;
                if (mode == Route.Mode.INLINE) {
                    runInline(ctx, ex, handler);
                } else {
                    ctx.channel().config().setAutoRead(false);
                    workers.execute(() -> run(ex, handler));
                }
            } else {
                finishIfDone(ctx);
            }
        }
    }

    /** Go's text for what went wrong in a request body's chunked framing. */
    private static String bodyDecodeError(Throwable cause) {
        if (cause instanceof NumberFormatException) {
            return "invalid byte in chunk length";
        }
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            return "http chunk length too large";
        }
        return "malformed chunked encoding";
    }

    /**
     * Runs a cheap route on this I/O thread. Reading stays on when the answer is written at once (the common
     * case), which saves two epoll_ctl calls per request; it pauses only while a big answer drains.
     */
    private void runInline(ChannelHandlerContext ctx, Exchange ex, RouteHandler handler) {
        inlineRunning = true;
        try {
            run(ex, handler);
        } finally {
            inlineRunning = false;
        }
        if (inlineDone == ex) {
            inlineDone = null;
            completed(ctx, ex);
        } else if (current == ex) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Answers a request that cannot be routed at all, drops its body and closes the connection after. */
    private void rejectAndClose(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String message) {
        current = new Exchange(ctx, this, req, ApiServer.MAX_VERSION, Map.of(), Map.of());
        closeAfterResponse = true;
        discarding = true;
        current.error(status, message);
    }

    /**
     * The request is answered without its route: its body is dropped. A client that waits for "100 Continue"
     * will not send one at all, so, as Go's server, the connection closes after the answer instead of waiting.
     */
    private void refuseBody(HttpRequest req) {
        discarding = true;
        if (HttpUtil.is100ContinueExpected(req)) {
            closeAfterResponse = true;
            requestComplete = true;
        }
    }

    /** The query of a request target, without the {@code #fragment}; empty without one. */
    private static String queryOf(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int hash = uri.indexOf('#', q);
        return uri.substring(q + 1, hash < 0 ? uri.length() : hash);
    }

    private static String[] splitPath(String rawPath) {
        String[] parts = rawPath.length() <= 1 ? new String[] {""} : rawPath.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].indexOf('%') >= 0 || parts[i].indexOf('+') >= 0) {
                parts[i] = QueryStringDecoder.decodeComponent(parts[i].replace("+", "%2B"));
            }
        }
        return parts;
    }

    private void run(Exchange ex, RouteHandler handler) {
        try {
            handler.handle(ex);
            if (!ex.isAnswered()) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "route sent no response");
            }
        } catch (Throwable t) {
            if (t instanceof ResponseStream.ClientGoneException) {
                return;
            }
            ErrorMapper.Mapped mapped = ErrorMapper.map(t);
            if (!ex.isAnswered()) {
                ex.error(mapped.status(), mapped.message());
            } else {
                log.warn("request failed after the response started: {}", mapped.message());
            }
        } finally {
            // A streamed answer ends with its route, also when the route stopped early (the client went away
            // or half-closed): the last chunk lets the exchange, and a closing connection, finish.
            ex.endStream();
            BodyStream stream = ex.bodyStreamOrNull();
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** Called (from any thread) once an exchange's response has been fully written. */
    void responseDone(Exchange ex) {
        ChannelHandlerContext ctx = ctxOf(ex);
        if (ctx == null) {
            return;
        }
        if (inlineRunning && ctx.executor().inEventLoop()) {
            // An inline route's answer went out while it runs; runInline completes it once the route returns.
            inlineDone = ex;
            return;
        }
        ctx.executor().execute(() -> completed(ctx, ex));
    }

    /** On the I/O thread: the response of {@code ex} is fully written. */
    private void completed(ChannelHandlerContext ctx, Exchange ex) {
        if (current != ex) {
            return;
        }
        responded = true;
        BodyStream stream = ex.bodyStreamOrNull();
        if (stream != null && !stream.isDone()) {
            stream.close();
        }
        finishIfDone(ctx);
    }

    private volatile ChannelHandlerContext channelContext;

    private ChannelHandlerContext ctxOf(Exchange ex) {
        return channelContext;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channelContext = ctx;
    }

    private void finishIfDone(ChannelHandlerContext ctx) {
        if (!responded || !requestComplete || hijack != null) {
            return;
        }
        current = null;
        mode = null;
        if (closeAfterResponse) {
            ctx.close();
            return;
        }
        if (draining) {
            // Called for a pipelined request answered inline while the loop below runs; the loop goes on.
            return;
        }
        if (!inputShutdown) {
            // After the client's half-close epoll no longer watches for input; asking to read would fail.
            ctx.channel().config().setAutoRead(true);
        }
        draining = true;
        try {
            while (!backlog.isEmpty() && ctx.channel().isOpen()
                    && (current == null || (!requestComplete && !responded))) {
                Object msg = backlog.poll();
                process(ctx, msg);
            }
        } finally {
            draining = false;
        }
        if (!ctx.channel().isOpen()) {
            return;
        }
        if (current == null && inputShutdown) {
            // The client half-closed after its last request; everything it sent has been answered.
            ctx.close();
            return;
        }
        if (!inputShutdown) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            HijackSession h = hijack;
            if (h != null) {
                h.inputClosed();
                return;
            }
            inputShutdown = true;
            if (current == null && backlog.isEmpty()) {
                ctx.close();
            } else if (current != null) {
                // As Go's server cancels a request's context on EOF: streams (events, logs) stop; a pending
                // ordinary answer is still written before the connection closes.
                current.clientClosed();
                if (!requestComplete) {
                    requestComplete = true;
                    BodyStream stream = current.bodyStreamOrNull();
                    if (stream != null) {
                        stream.fail(new IOException("client closed the request body early"));
                    } else if (aggregate != null) {
                        aggregate.release();
                        aggregate = null;
                        discarding = true;
                        current.error(HttpResponseStatus.BAD_REQUEST, "unexpected EOF");
                    }
                }
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Exchange ex = current;
        if (ex != null) {
            BodyStream stream = ex.bodyStreamOrNull();
            if (stream != null && !stream.isDone()) {
                stream.fail(new IOException("client disconnected"));
            }
            ex.clientClosed();
        }
        if (aggregate != null) {
            aggregate.release();
            aggregate = null;
        }
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
        HijackSession h = hijack;
        if (h != null) {
            h.closed();
        }
        synchronized (writability) {
            writability.notifyAll();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        synchronized (writability) {
            writability.notifyAll();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Blocks a writing thread while the connection's outbound buffer is full. */
    void awaitWritable(ChannelHandlerContext ctx) throws ResponseStream.ClientGoneException {
        if (ctx.executor().inEventLoop()) {
            return;
        }
        synchronized (writability) {
            while (!ctx.channel().isWritable()) {
                if (!ctx.channel().isActive()) {
                    throw new ResponseStream.ClientGoneException();
                }
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ResponseStream.ClientGoneException();
                }
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("connection error: {}", cause.toString());
        }
        ctx.close();
    }

    void decorate(HttpHeaders headers) {
        responseHeaders.apply(headers);
    }

    /** Switches the connection to raw bytes. Called from the route's thread. */
    Hijacked hijack(ChannelHandlerContext ctx, Exchange ex, boolean upgrade, String contentType) {
        HijackSession session = new HijackSession(ctx, this);
        StringBuilder head = new StringBuilder();
        if (upgrade) {
            head.append("HTTP/1.1 101 UPGRADED\r\nContent-Type: ").append(contentType)
                    .append("\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n");
        } else {
            head.append("HTTP/1.1 200 OK\r\nContent-Type: ").append(contentType).append("\r\n");
        }
        HttpHeaders extra = new io.netty.handler.codec.http.DefaultHttpHeaders();
        decorate(extra);
        extra.forEach(e -> head.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n"));
        head.append("\r\n");
        ByteBuf bytes = Unpooled.copiedBuffer(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            ctx.executor().submit(() -> {
                hijack = session;
                closeAfterResponse = true;
                var p = ctx.pipeline();
                if (p.get(ApiServer.KEEP_ALIVE) != null) {
                    p.remove(ApiServer.KEEP_ALIVE);
                }
                if (p.get(ApiServer.CODEC) != null) {
                    p.remove(ApiServer.CODEC);
                }
                ctx.writeAndFlush(bytes);
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.close();
        }
        return session;
    }
}
