package dev.berth.volume.plugin;

import dev.berth.http.HttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Transport failures of HttpConnection / PluginClient (found in review), each against a raw scripted server. */
class PluginTransportTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------------------------
    // 1. The request deadline does not cover connecting: a plugin that stopped accepting (backlog full) hangs a
    //    platform-thread caller forever, whatever the timeout.
    // ------------------------------------------------------------------------------------------------------------

    /** Fills the accept queue of a server that never accepts (a hung plugin), without blocking this thread. */
    private static void fillAcceptQueue(Path sock, List<SocketChannel> fillers) throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            try {
                c.connect(UnixDomainSocketAddress.of(sock));
                fillers.add(c);
            } catch (IOException full) {
                c.close();
                break;
            }
        }
    }

    @Test
    void deadlineCoversConnect_aFullAcceptQueueDoesNotHangAPlatformThread() throws Exception {
        Path sock = dir.resolve("hung.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock), 1); // never accepts: a hung plugin
        List<SocketChannel> fillers = new ArrayList<>();
        try {
            fillAcceptQueue(sock, fillers);
            PluginClient client = new PluginClient(() -> PluginAddress.unix("hung", sock), Duration.ofSeconds(30));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    client.call("VolumeDriver.Get", Map.of("Name", "v"), Duration.ofSeconds(1), false);
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            caller.join(Duration.ofSeconds(6));
            boolean stillBlocked = caller.isAlive();
            caller.interrupt(); // closes the channel: lets the thread go
            caller.join(Duration.ofSeconds(5));
            // A 1 s timeout should have ended the call long before 6 s.
            assertThat(stillBlocked).as("call with a 1 s timeout still blocked after 6 s (in connect)").isFalse();
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // 2. A request the plugin received on a kept-alive connection is sent again when the plugin closes that
    //    connection before answering (PluginClient's javadoc: "A call that was sent is never repeated"; Go's
    //    transport never replays a written POST).
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void writtenPost_neverSentTwice_whenAKeptAliveConnectionIsClosedBeforeTheAnswer() throws Exception {
        Path sock = dir.resolve("replay.sock");
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        AtomicInteger connections = new AtomicInteger();
        try (ScriptedServer s = new ScriptedServer(sock, (conn, path) -> {
            seen.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            // first connection: answers its first request, then drops the second one unanswered
            if (conn == 1 && path.equals("/VolumeDriver.Remove")) {
                return null; // close without answering (plugin crashed/restarted after doing the work)
            }
            return ok("{\"Err\":\"\"}");
        }, connections)) {
            PluginClient client = new PluginClient(() -> PluginAddress.unix("p", sock), Duration.ofSeconds(30));
            client.call("VolumeDriver.Get", Map.of("Name", "v"), Duration.ofSeconds(5), false);
            try {
                client.call("VolumeDriver.Remove", Map.of("Name", "v"), Duration.ofSeconds(5), false);
            } catch (PluginException expected) {
                // failing is fine; sending it twice is not
            }
            assertThat(seen.get("/VolumeDriver.Remove").get()).as("Remove requests the plugin received").isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // 3. A malformed Content-Length / chunk size escapes as NumberFormatException: not a PluginException, and the
    //    connection is neither closed nor pooled (one leaked socket per call).
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void badContentLength_failsTheCall_andLeaksNoSocket() throws Exception {
        Path sock = dir.resolve("bad.sock");
        try (ScriptedServer s = new ScriptedServer(sock, (conn, path) ->
                "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n{\"Err\":\"\"}".getBytes(StandardCharsets.ISO_8859_1),
                new AtomicInteger())) {
            PluginClient client = new PluginClient(() -> PluginAddress.unix("p", sock), Duration.ofSeconds(30));
            long before = openFds();
            List<Throwable> thrown = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                try {
                    client.call("VolumeDriver.Get", Map.of("Name", "v"), Duration.ofSeconds(5), false);
                } catch (Throwable t) {
                    thrown.add(t);
                }
            }
            client.close();
            System.gc();
            Thread.sleep(200);
            long after = openFds();
            assertThat(thrown).hasSize(20);
            assertThat(after - before).as("client sockets left open after 20 failed calls").isLessThan(5);
        }
    }

    @Test
    void badContentLength_isAPluginException() throws Exception {
        Path sock = dir.resolve("bad2.sock");
        try (ScriptedServer s = new ScriptedServer(sock, (conn, path) ->
                "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n{\"Err\":\"\"}".getBytes(StandardCharsets.ISO_8859_1),
                new AtomicInteger())) {
            PluginClient client = new PluginClient(() -> PluginAddress.unix("p", sock), Duration.ofSeconds(30));
            Throwable t = null;
            try {
                client.call("VolumeDriver.Get", Map.of("Name", "v"), Duration.ofSeconds(5), false);
            } catch (Throwable e) {
                t = e;
            }
            assertThat(t).isInstanceOf(PluginException.class);
        }
    }

    /** On a virtual thread the full queue answers EAGAIN at once: a connect failure (retried when asked). */
    @Test
    void fullAcceptQueue_onAVirtualThread_isAConnectFailure() throws Exception {
        Path sock = dir.resolve("hung2.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock), 1);
        List<SocketChannel> fillers = new ArrayList<>();
        try {
            fillAcceptQueue(sock, fillers);
            PluginClient client = new PluginClient(() -> PluginAddress.unix("hung", sock), Duration.ofSeconds(30));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    client.call("VolumeDriver.Get", Map.of("Name", "v"), Duration.ofSeconds(1), false);
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            caller.join(Duration.ofSeconds(10));
            assertThat(caller.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(PluginException.class)
                    .matches(e -> ((PluginException) e).unreachable());
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
            server.close();
        }
    }

    @Test
    void badChunkSize_isAPluginException() throws Exception {
        Path sock = dir.resolve("chunk.sock");
        try (ScriptedServer s = new ScriptedServer(sock, (conn, path) ->
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1), new AtomicInteger())) {
            HttpConnection c = new HttpConnection(UnixDomainSocketAddress.of(sock), "", HttpConnection.headers());
            Throwable t = null;
            try {
                c.request("POST", "/x", null, null, Duration.ofSeconds(5));
            } catch (Throwable e) {
                t = e;
            }
            assertThat(t).isInstanceOf(IOException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static byte[] ok(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + json).getBytes(StandardCharsets.UTF_8);
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /**
     * A unix-socket HTTP server answering each request with the bytes the script returns (null: close the
     * connection without answering). The script gets the connection's number (1-based) and the request path.
     * Server-side sockets are closed after each answer is written when the script's answer has no valid framing.
     */
    static final class ScriptedServer implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread acceptor;

        ScriptedServer(Path sock, BiFunction<Integer, String, byte[]> script, AtomicInteger count) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(sock));
            acceptor = Thread.ofVirtual().start(() -> {
                while (true) {
                    SocketChannel ch;
                    try {
                        ch = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    int n = count.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(ch, n, script));
                }
            });
        }

        private static void serve(SocketChannel ch, int n, BiFunction<Integer, String, byte[]> script) {
            try (ch) {
                InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
                while (true) {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    String path = line.split(" ")[1];
                    int length = 0;
                    for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
                        if (h.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    in.readNBytes(length);
                    byte[] answer = script.apply(n, path);
                    if (answer == null) {
                        return;
                    }
                    ByteBuffer b = ByteBuffer.wrap(answer);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    String text = new String(answer, StandardCharsets.ISO_8859_1);
                    if (!text.matches("(?s).*Content-Length: \\d+\r\n.*")) {
                        return; // unframed answer: close our end
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
