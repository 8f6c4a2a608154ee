package dev.berth.volume.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.berth.http.HttpConnection;
import dev.berth.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Calls one legacy plugin: {@code POST /<Method>} with a JSON body and Docker's plugin {@code Accept} header,
 * on kept-alive connections (one per concurrent call, reused afterwards).
 *
 * <p>A call that cannot connect is retried as Docker retries it (waits of 1, 2, 4, 8 s while the next wait still
 * ends within the retry budget; Docker's budget is 30 s), unless the caller asks for one attempt. A call that was
 * sent is never repeated. Errors: a 200 answer with a non-empty {@code Err} fails with that text; another status
 * fails with {@code <Method>: <Err or body>}; a connection failure with Go's {@code Post "…": dial …} form.
 * Thread-safe.
 */
final class PluginClient implements AutoCloseable {

    static final String ACCEPT = "application/vnd.docker.plugins.v1.2+json";
    private static final Logger log = LoggerFactory.getLogger(PluginClient.class);

    private final Supplier<PluginAddress> address;
    private final Duration retryBudget;
    private static final int MAX_IDLE = 8;
    private static final long MAX_ANSWER = 64L << 20;
    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger idleCount = new java.util.concurrent.atomic.AtomicInteger();

    private record Pooled(PluginAddress address, HttpConnection connection) {
    }

    /**
     * @param address     where the plugin listens now (looked up again for every new connection: a plugin that
     *                    restarted elsewhere is followed)
     * @param retryBudget how long connection attempts may go on
     */
    PluginClient(Supplier<PluginAddress> address, Duration retryBudget) {
        this.address = address;
        this.retryBudget = retryBudget;
    }

    /**
     * Calls {@code method} with {@code request} (null sends an empty body) and returns the answer's JSON.
     *
     * @param retry whether connection failures are retried within the budget
     * @throws PluginException when the plugin refuses or cannot be reached
     */
    JsonNode call(String method, Object request, Duration timeout, boolean retry) {
        byte[] body = encode(request);
        long start = System.nanoTime();
        long delayMs = 1000;
        while (true) {
            Pooled c = take();
            boolean fresh = c == null;
            HttpConnection.Response r;
            PluginException failure;
            try {
                if (c == null) {
                    PluginAddress at = address.get();
                    c = new Pooled(at, connection(at));
                }
                // As Go's plugin client: no Content-Type, the JSON followed by a newline.
                r = c.connection().request("POST", "/" + method, null, body, timeout);
                release(c);
                return answer(method, r);
            } catch (PluginException e) {
                if (!e.unreachable()) {
                    throw e;
                }
                failure = e; // not there (yet): a plugin that restarts removes its socket for a moment
            } catch (IOException e) {
                c.connection().close();
                failure = new PluginException(describe(method, c.address(), e), true);
                if (!fresh || !isConnectFailure(e)) {
                    throw failure; // it may have been sent: never repeated
                }
            } catch (RuntimeException e) {
                if (c != null) {
                    c.connection().close();
                }
                throw e;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if (!retry || elapsedMs + delayMs >= retryBudget.toMillis()) {
                throw failure;
            }
            log.warn("Unable to connect to plugin: /{}: {}, retrying in {}s", method, failure.getMessage(),
                    delayMs / 1000);
            sleep(delayMs);
            delayMs = Math.min(delayMs * 2, 30_000);
        }
    }

    /** An idle connection that is still open, or null. */
    private Pooled take() {
        for (Pooled c; (c = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            if (c.connection().isIdleAlive()) {
                return c;
            }
            c.connection().close(); // the plugin closed it (it restarted, or its idle timeout passed)
        }
        return null;
    }

    /** Keeps a connection for the next call; beyond {@link #MAX_IDLE} idle ones it is closed. */
    private void release(Pooled c) {
        if (idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            c.connection().close();
            return;
        }
        idle.offerFirst(c);
    }

    private static HttpConnection connection(PluginAddress at) {
        // Go sends an empty Host to a unix socket.
        String host = at.socket() instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort() : "";
        // Never sent twice (the plugin may have acted on it); answers of at most 64 MiB.
        return new HttpConnection(at.socket(), "", HttpConnection.headers("Host", host,
                "User-Agent", "berth", "Accept", ACCEPT), false, MAX_ANSWER);
    }

    private static byte[] encode(Object request) {
        if (request == null) {
            return null;
        }
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(request);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode plugin request: " + e.getMessage(), e);
        }
    }

    private static JsonNode answer(String method, HttpConnection.Response r) {
        JsonNode json = parse(r.body());
        if (r.status() != 200) {
            String err = json != null && json.path("Err").isTextual() && !json.path("Err").asText().isEmpty()
                    ? json.path("Err").asText() : r.text();
            throw new PluginException(method + ": " + err, false);
        }
        if (json == null) {
            throw new PluginException(method + ": invalid answer from the plugin: "
                    + abbreviate(r.text()), false);
        }
        String err = json.path("Err").asText("");
        if (!err.isEmpty()) {
            throw new PluginException(err, false);
        }
        return json;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Nothing was sent: nobody listening, no socket, or a full accept queue. */
    private static boolean isConnectFailure(IOException e) {
        return e instanceof HttpConnection.ConnectException;
    }

    /** Go's form: {@code Post "http://%2Frun%2Fdocker%2Fplugins%2Fx.sock/VolumeDriver.Get": dial unix …: …}. */
    static String describe(String method, PluginAddress at, IOException e) {
        if (e instanceof HttpConnection.TimeoutException) {
            return "Post \"" + url(at, method) + "\": context deadline exceeded";
        }
        String dial = at.socket() instanceof InetSocketAddress inet
                ? "dial tcp " + inet.getHostString() + ":" + inet.getPort()
                : "dial unix " + at.url().substring("unix://".length());
        return "Post \"" + url(at, method) + "\": " + (isConnectFailure(e) ? dial + ": connect: " : "")
                + reason(e);
    }

    private static String url(PluginAddress at, String method) {
        if (at.socket() instanceof InetSocketAddress inet) {
            return "http://" + inet.getHostString() + ":" + inet.getPort() + "/" + method;
        }
        String path = at.url().substring("unix://".length());
        return "http://" + URLEncoder.encode(path, StandardCharsets.UTF_8) + "/" + method;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return switch (m) {
            case "Connection refused" -> "connection refused";
            case "No such file or directory" -> "no such file or directory";
            case "Resource temporarily unavailable" -> "resource temporarily unavailable";
            default -> m.startsWith("connection closed") || m.contains("closed by the server") ? "EOF" : m;
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting to retry a plugin call", true);
        }
    }

    @Override
    public void close() {
        for (Pooled c; (c = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            c.connection().close();
        }
    }
}
