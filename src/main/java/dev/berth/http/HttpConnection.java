package dev.berth.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client on one keep-alive connection to a unix socket or a TCP address: requests with a
 * Content-Length body, responses with Content-Length, chunked or close-delimited bodies. A request may have a
 * deadline, connecting included; when it passes, the connection is closed and the request fails with
 * {@link TimeoutException}. A kept-alive connection the server closed meanwhile is reopened once and the request
 * sent again, unless the connection is made not to ({@code replayOnStale}: a POST the server may have acted on must
 * not be repeated). Malformed responses fail as {@link IOException}; after any failure the connection is closed.
 * Not thread-safe: one request at a time.
 */
public class HttpConnection implements AutoCloseable {

    /** A response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The deadline of a request passed; the connection was closed. */
    public static final class TimeoutException extends InterruptedIOException {
        TimeoutException(String message) {
            super(message);
        }
    }

    /** Connecting failed: nothing was sent. */
    public static final class ConnectException extends IOException {
        ConnectException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class Watchdog {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    private final SocketAddress address;
    private final String prefix;
    private final String fixedHeaders;
    private final boolean replayOnStale;
    private final long maxBody;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    /** The buffer streamed bodies are copied through, made at the first and kept (one per chunk had been garbage). */
    private byte[] copyBuffer;

    /**
     * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
     * @param prefix  put before every path (e.g. {@code /v1.50}), or ""
     * @param headers sent with every request (Host and User-Agent among them)
     */
    public HttpConnection(SocketAddress address, String prefix, SequencedMap<String, String> headers) {
        this(address, prefix, headers, true, Long.MAX_VALUE);
    }

    /**
     * @param replayOnStale whether a request that failed on a kept-alive connection is sent again on a new one
     * @param maxBody       the largest response body accepted, in bytes
     */
    public HttpConnection(SocketAddress address, String prefix, SequencedMap<String, String> headers,
                          boolean replayOnStale, long maxBody) {
        this.replayOnStale = replayOnStale;
        this.maxBody = maxBody;
        this.address = address;
        this.prefix = prefix;
        StringBuilder h = new StringBuilder();
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        this.fixedHeaders = h.toString();
    }

    /** Headers in the order given: name, value, name, value... */
    public static SequencedMap<String, String> headers(String... namesAndValues) {
        SequencedMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    public Response get(String path) throws IOException {
        return request("GET", path, null, null);
    }

    public Response delete(String path) throws IOException {
        return request("DELETE", path, null, null);
    }

    public Response postJson(String path, byte[] json) throws IOException {
        return request("POST", path, "application/json", json);
    }

    public Response request(String method, String path, String contentType, byte[] body) throws IOException {
        return request(method, path, contentType, body, null);
    }

    /**
     * Sends one request and reads its response.
     *
     * @param timeout how long the whole exchange may take (connecting included), or null for no limit
     * @throws TimeoutException when the timeout passed
     */
    public Response request(String method, String path, String contentType, byte[] body, Duration timeout)
            throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            boolean fresh = channel == null;
            ScheduledFuture<?> watchdog = null;
            try {
                SocketChannel ch = channel != null ? channel : SocketChannel.open(
                        address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                                : StandardProtocolFamily.INET);
                if (timeout != null) {
                    // Armed before connecting: a server that stopped accepting blocks a connect for ever.
                    watchdog = Watchdog.TIMER.schedule(() -> closeQuietly(ch),
                            Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
                }
                if (channel == null) {
                    connect(ch);
                }
                StringBuilder head = new StringBuilder();
                head.append(method).append(' ').append(prefix).append(path).append(" HTTP/1.1\r\n")
                        .append(fixedHeaders);
                if (contentType != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\n");
                }
                head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return readResponse(method, null);
            } catch (IOException | RuntimeException e) {
                close();
                if (timeout != null && System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException(method + " " + path + ": no answer within " + timeout.toMillis()
                            + " ms");
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (fresh || attempt > 0 || !replayOnStale) {
                    throw (IOException) e;
                }
                // A kept-alive connection the server closed meanwhile: retry once on a new one.
            } finally {
                if (watchdog != null) {
                    watchdog.cancel(false);
                }
            }
        }
    }

    /**
     * Sends one request whose body (when not null) is streamed from {@code body} in chunks, and streams a successful
     * (2xx) response's body into {@code sink}; the returned response's body is then empty. Any other response is
     * read whole as {@link #request} reads it. Never replayed: the body is consumed. No time limit.
     */
    public Response stream(String method, String path, String contentType, InputStream body, OutputStream sink)
            throws IOException {
        try {
            SocketChannel ch = channel != null ? channel : SocketChannel.open(
                    address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                            : StandardProtocolFamily.INET);
            if (channel == null) {
                connect(ch);
            }
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(prefix).append(path).append(" HTTP/1.1\r\n").append(fixedHeaders);
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append(body == null ? "Content-Length: 0\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = body.readNBytes(buf, 0, buf.length)) > 0; ) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(buf, 0, n);
                    out.write(CRLF);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            return readResponse(method, sink);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void connect(SocketChannel ch) throws IOException {
        try {
            ch.connect(address);
        } catch (IOException e) {
            closeQuietly(ch);
            throw e instanceof java.nio.channels.ClosedChannelException ? e : new ConnectException(e);
        }
        channel = ch;
        in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
        out = new BufferedOutputStream(Channels.newOutputStream(ch), 65536);
    }

    /**
     * Whether the kept-alive connection is still open with nothing unread: the server has not closed it (nor sent
     * anything unasked). Checked without blocking before the connection is used again.
     */
    public boolean isIdleAlive() {
        if (channel == null) {
            return false;
        }
        try {
            if (in.available() > 0) {
                return false;
            }
            channel.configureBlocking(false);
            try {
                return channel.read(java.nio.ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a response; a 2xx body goes to {@code sink} when there is one, any other into the response. */
    private Response readResponse(String method, OutputStream sink) throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed by the server");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("malformed HTTP response: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = readLine()) != null && !line.isEmpty(); ) {
            if (headers.size() >= 1000) {
                throw new IOException("malformed HTTP response: more than 1000 header lines");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        boolean toSink = sink != null && code >= 200 && code < 300;
        long limit = toSink ? Long.MAX_VALUE : maxBody;
        if (method.equals("HEAD") || code == 204 || code == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            OutputStream target = toSink ? sink : buf;
            long total = 0;
            while (true) {
                String sizeLine = readLine();
                if (sizeLine == null) {
                    throw new IOException("connection closed in a chunked body");
                }
                int semi = sizeLine.indexOf(';');
                int size = (int) parseSize((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16, sizeLine);
                if (size > limit - total) {
                    throw new IOException("response body larger than " + maxBody + " bytes");
                }
                total += size;
                if (size == 0) {
                    // trailers, up to the empty line
                    for (String t; (t = readLine()) != null && !t.isEmpty(); ) {
                        // ignored
                    }
                    break;
                }
                if (transferTo(target, size) < size) {
                    throw new IOException("connection closed in a chunked body");
                }
                readLine();
            }
            body = buf.toByteArray();
        } else if (toSink && headers.containsKey("content-length")) {
            long declared = parseLength(headers.get("content-length"));
            long copied = transferTo(sink, declared);
            if (copied < declared) {
                throw new IOException("connection closed after " + copied + " of " + declared + " bytes");
            }
            body = new byte[0];
        } else if (toSink) {
            in.transferTo(sink);
            body = new byte[0];
            close();
        } else if (headers.containsKey("content-length")) {
            long declared = parseSize(headers.get("content-length"), 10, headers.get("content-length"));
            if (declared > maxBody) {
                throw new IOException("response body of " + declared + " bytes, larger than " + maxBody);
            }
            int length = (int) declared;
            body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("connection closed after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readNBytes((int) Math.min(maxBody + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBody) {
                throw new IOException("response body larger than " + maxBody + " bytes");
            }
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(code, headers, body);
    }

    /** Copies up to {@code n} bytes of the response to {@code target}; fewer only when the connection ended. */
    private long transferTo(OutputStream target, long n) throws IOException {
        if (copyBuffer == null) {
            copyBuffer = new byte[64 * 1024];
        }
        byte[] buf = copyBuffer;
        long done = 0;
        while (done < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            target.write(buf, 0, r);
            done += r;
        }
        return done;
    }

    private static long parseLength(String text) throws IOException {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP response: bad length in \"" + text + "\"");
        }
    }

    private static long parseSize(String text, int radix, String line) throws IOException {
        try {
            long v = Long.parseLong(text, radix);
            if (v < 0 || v > Integer.MAX_VALUE - 8) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP response: bad length in \"" + line + "\"");
        }
    }

    /** A line of the response head or chunk framing: at most 64 KiB, as a server has no reason to send more. */
    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (b.length() > 65536) {
                throw new IOException("malformed HTTP response: a line longer than 64 KiB");
            }
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
    }
}
