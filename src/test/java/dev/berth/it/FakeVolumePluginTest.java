package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeVolumePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.docker.plugins.v1.2+json";

    @TempDir
    Path tmp;

    private Path dataDir;
    private FakeVolumePlugin plugin;

    @BeforeEach
    void start() throws IOException {
        dataDir = tmp.resolve("data");
        plugin = FakeVolumePlugin.onUnixSocket(tmp.resolve("run/plugins/fake.sock"), dataDir);
    }

    @AfterEach
    void stop() {
        plugin.close();
    }

    // ---- a minimal HTTP/1.1 client over a raw channel ----

    private record Response(int status, Map<String, String> headers, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One connection to the plugin; requests are written by hand, answers parsed (Content-Length or chunked). */
    private static final class Client implements AutoCloseable {
        final SocketChannel channel;
        final InputStream in;

        Client(SocketAddress address) throws IOException {
            channel = SocketChannel.open(address instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
            channel.connect(address);
            in = new BufferedInputStream(Channels.newInputStream(channel));
        }

        void send(String raw) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** POSTs {@code body} to {@code /method} with Content-Length (no body and no length for null). */
        Response post(String method, String body) throws IOException {
            send(request(method, body, ""));
            return read();
        }

        Response read() throws IOException {
            String statusLine = line();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new HashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equals(headers.get("transfer-encoding"))) {
                assertThat(headers).doesNotContainKey("content-length");
                for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                    body.write(in.readNBytes(size));
                    assertThat(line()).isEmpty();
                }
                assertThat(line()).isEmpty();
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            }
            return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        /** True if the server closed the connection (reads end of stream within a few seconds). */
        boolean closedByServer() throws IOException {
            return in.read() < 0;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("server closed the connection");
                }
                b.write(c);
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            assertThat(s).endsWith("\r");
            return s.substring(0, s.length() - 1);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static String request(String method, String body, String extraHeaders) {
        StringBuilder r = new StringBuilder("POST /" + method + " HTTP/1.1\r\nHost: plugin\r\nAccept: " + ACCEPT
                + "\r\n" + extraHeaders);
        if (body != null) {
            r.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        } else {
            r.append("\r\n");
        }
        return r.toString();
    }

    private Client client() throws IOException {
        return new Client(UnixDomainSocketAddress.of(plugin.socket()));
    }

    /** One request on a fresh connection. */
    private Response call(String method, String body) throws IOException {
        try (Client c = client()) {
            return c.post(method, body);
        }
    }

    private JsonNode ok(String method, String body) throws IOException {
        Response r = call(method, body);
        assertThat(r.status()).as(method).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(FakeVolumePlugin.CONTENT_TYPE);
        return r.json();
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    // ---- endpoints ----

    @Test
    void activateAnswersImplementsAndIsConfigurable() throws IOException {
        assertThat(plugin.socket()).isEqualTo(tmp.resolve("run/plugins/fake.sock"));
        assertThat(plugin.port()).isEqualTo(-1);
        assertThat(ok("Plugin.Activate", null)).isEqualTo(json("{\"Implements\":[\"VolumeDriver\"]}"));

        plugin.implementsList(List.of("VolumeDriver", "NetworkDriver"));
        assertThat(ok("Plugin.Activate", "")).isEqualTo(json("{\"Implements\":[\"VolumeDriver\",\"NetworkDriver\"]}"));
    }

    @Test
    void volumeLifecycle() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(ok("VolumeDriver.Create", "{\"Name\":\"v1\",\"Opts\":{\"size\":\"1G\",\"o\":\"x=y\"}}"))
                .isEqualTo(json("{\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.Create", "{\"Name\":\"a0\",\"Opts\":null}")).isEqualTo(json("{\"Err\":\"\"}"));
        String mountpoint = dataDir.resolve("v1").toString();

        assertThat(dataDir.resolve("v1")).isDirectory();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("v1")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(plugin.volumes()).containsExactly("a0", "v1");
        assertThat(plugin.options("v1")).containsExactly(Map.entry("size", "1G"), Map.entry("o", "x=y"));
        assertThat(plugin.options("a0")).isNull();

        assertThat(ok("VolumeDriver.Path", "{\"Name\":\"v1\"}"))
                .isEqualTo(json("{\"Mountpoint\":\"" + mountpoint + "\",\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.List", "{}")).isEqualTo(json("{\"Volumes\":["
                + "{\"Name\":\"a0\",\"Mountpoint\":\"" + dataDir.resolve("a0") + "\"},"
                + "{\"Name\":\"v1\",\"Mountpoint\":\"" + mountpoint + "\"}],\"Err\":\"\"}"));

        JsonNode get = ok("VolumeDriver.Get", "{\"Name\":\"v1\"}");
        assertThat(get.path("Err").asText()).isEmpty();
        JsonNode volume = get.path("Volume");
        assertThat(volume.path("Name").asText()).isEqualTo("v1");
        assertThat(volume.path("Mountpoint").asText()).isEqualTo(mountpoint);
        assertThat(volume.has("Status")).isFalse();
        String createdAt = volume.path("CreatedAt").asText();
        assertThat(createdAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(createdAt)).isBetween(before, Instant.now());

        assertThat(ok("VolumeDriver.Mount", "{\"Name\":\"v1\",\"ID\":\"m1\"}"))
                .isEqualTo(json("{\"Mountpoint\":\"" + mountpoint + "\",\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.Mount", "{\"Name\":\"v1\",\"ID\":\"m2\"}").path("Err").asText()).isEmpty();
        assertThat(plugin.activeMounts()).containsExactly(Map.entry("v1", Set.of("m1", "m2")));

        assertThat(ok("VolumeDriver.Remove", "{\"Name\":\"v1\"}"))
                .isEqualTo(json("{\"Err\":\"volume v1 is in use\"}"));
        assertThat(dataDir.resolve("v1")).isDirectory();

        assertThat(ok("VolumeDriver.Unmount", "{\"Name\":\"v1\",\"ID\":\"m1\"}")).isEqualTo(json("{\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.Unmount", "{\"Name\":\"v1\",\"ID\":\"m2\"}")).isEqualTo(json("{\"Err\":\"\"}"));
        assertThat(plugin.activeMounts()).isEmpty();

        Files.writeString(dataDir.resolve("v1/file"), "data");
        Files.createDirectories(dataDir.resolve("v1/sub/dir"));
        assertThat(ok("VolumeDriver.Remove", "{\"Name\":\"v1\"}")).isEqualTo(json("{\"Err\":\"\"}"));
        assertThat(dataDir.resolve("v1")).doesNotExist();
        assertThat(plugin.volumes()).containsExactly("a0");
    }

    @Test
    void createKeepsAnExistingDirectoryAndRejectsNamesOutsideTheDataDir() throws IOException {
        Files.createDirectories(dataDir.resolve("old"));
        Files.writeString(dataDir.resolve("old/keep"), "x");
        assertThat(ok("VolumeDriver.Create", "{\"Name\":\"old\"}").path("Err").asText()).isEmpty();
        assertThat(dataDir.resolve("old/keep")).hasContent("x");

        for (String bad : List.of("", "..", "a/b")) {
            assertThat(ok("VolumeDriver.Create", "{\"Name\":\"" + bad + "\"}").path("Err").asText())
                    .startsWith("invalid volume name");
        }
        assertThat(plugin.volumes()).containsExactly("old");
    }

    @Test
    void unknownVolumes() throws IOException {
        assertThat(ok("VolumeDriver.Remove", "{\"Name\":\"nope\"}")).isEqualTo(json("{\"Err\":\"no such volume\"}"));
        assertThat(ok("VolumeDriver.Mount", "{\"Name\":\"nope\",\"ID\":\"m\"}"))
                .isEqualTo(json("{\"Mountpoint\":\"\",\"Err\":\"no such volume\"}"));
        assertThat(ok("VolumeDriver.Path", "{\"Name\":\"nope\"}"))
                .isEqualTo(json("{\"Mountpoint\":\"\",\"Err\":\"no such volume\"}"));
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"nope\"}"))
                .isEqualTo(json("{\"Volume\":null,\"Err\":\"no such volume\"}"));
        assertThat(ok("VolumeDriver.Unmount", "{\"Name\":\"nope\",\"ID\":\"m\"}")).isEqualTo(json("{\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.List", "{}")).isEqualTo(json("{\"Volumes\":[],\"Err\":\"\"}"));
        assertThatThrownBy(() -> plugin.options("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getWithStatusAndNullVolume() throws IOException {
        ok("VolumeDriver.Create", "{\"Name\":\"v\"}");
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("size", 42);
        status.put("state", "ok");
        plugin.status(status);
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"v\"}").path("Volume").path("Status"))
                .isEqualTo(json("{\"size\":42,\"state\":\"ok\"}"));

        plugin.getAnswersNullVolume(true);
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"v\"}")).isEqualTo(json("{\"Volume\":null,\"Err\":\"\"}"));
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"other\"}")).isEqualTo(json("{\"Volume\":null,\"Err\":\"\"}"));
        plugin.getAnswersNullVolume(false);
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"v\"}").path("Volume").path("Name").asText()).isEqualTo("v");
    }

    @Test
    void capabilitiesScope() throws IOException {
        assertThat(ok("VolumeDriver.Capabilities", "{}")).isEqualTo(json("{\"Capabilities\":{\"Scope\":\"global\"}}"));
        plugin.scope("local");
        assertThat(ok("VolumeDriver.Capabilities", "{}")).isEqualTo(json("{\"Capabilities\":{\"Scope\":\"local\"}}"));

        plugin.scope(null);
        Response r = call("VolumeDriver.Capabilities", "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
        assertThat(plugin.calls("VolumeDriver.Capabilities")).isEqualTo(3);
    }

    @Test
    void unknownPathsAndMethods() throws IOException {
        Response r = call("NetworkDriver.CreateNetwork", "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
        assertThat(plugin.calls("NetworkDriver.CreateNetwork")).isEqualTo(1);

        try (Client c = client()) {
            c.send("GET /VolumeDriver.List HTTP/1.1\r\nHost: plugin\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(405);
        }
    }

    @Test
    void malformedRequestsAnswer400AndClose() throws IOException {
        try (Client c = client()) {
            c.send("POST /VolumeDriver.List HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
        try (Client c = client()) {
            c.send("hello\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    // ---- HTTP ----

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (Client c = client()) {
            Response first = c.post("VolumeDriver.Create", "{\"Name\":\"v\"}");
            assertThat(first.header("Connection")).isNull();
            assertThat(first.header("Content-Length")).isEqualTo(String.valueOf(first.body().length()));
            assertThat(first.json()).isEqualTo(json("{\"Err\":\"\"}"));
            Response second = c.post("VolumeDriver.Path", "{\"Name\":\"v\"}");
            assertThat(second.json().path("Mountpoint").asText()).isEqualTo(dataDir.resolve("v").toString());

            // pipelined: both requests written before either answer is read
            c.send(request("VolumeDriver.List", "{}", "") + request("Plugin.Activate", null, ""));
            assertThat(c.read().json().path("Volumes")).hasSize(1);
            assertThat(c.read().json().path("Implements").get(0).asText()).isEqualTo("VolumeDriver");
        }
        assertThat(plugin.calls("Plugin.Activate")).isEqualTo(1);
    }

    @Test
    void connectionCloseEndsTheConnection() throws IOException {
        try (Client c = client()) {
            c.send(request("Plugin.Activate", null, "Connection: close\r\n"));
            Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void chunkedRequestBodiesAreRead() throws IOException {
        try (Client c = client()) {
            c.send("POST /VolumeDriver.Create HTTP/1.1\r\nHost: plugin\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"Nam\r\n" + "b;ext=1\r\ne\":\"chunk\"}\r\n" + "0\r\nTrailer: x\r\n\r\n");
            assertThat(c.read().json()).isEqualTo(json("{\"Err\":\"\"}"));
            assertThat(c.post("VolumeDriver.Path", "{\"Name\":\"chunk\"}").status()).isEqualTo(200);
        }
        assertThat(plugin.volumes()).containsExactly("chunk");
        assertThat(plugin.requests("VolumeDriver.Create")).containsExactly(json("{\"Name\":\"chunk\"}"));
    }

    @Test
    void chunkedResponses() throws IOException {
        plugin.chunked(true);
        try (Client c = client()) {
            Response r = c.post("Plugin.Activate", null);
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.json()).isEqualTo(json("{\"Implements\":[\"VolumeDriver\"]}"));
            assertThat(c.post("VolumeDriver.Create", "{\"Name\":\"v\"}").json()).isEqualTo(json("{\"Err\":\"\"}"));
            plugin.scope(null);
            Response notFound = c.post("VolumeDriver.Capabilities", "{}");
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("404 page not found\n");
        }
        plugin.chunked(false);
        assertThat(call("Plugin.Activate", null).header("Content-Length")).isNotNull();
    }

    // ---- knobs ----

    @Test
    void failNextFailsOneCallWithoutDoingAnything() throws IOException {
        ok("VolumeDriver.Create", "{\"Name\":\"v\"}");
        plugin.failNext("VolumeDriver.Mount", "disk on fire");
        plugin.failNext("VolumeDriver.Get", "no get");
        plugin.failNext("VolumeDriver.Remove", "no remove");

        assertThat(ok("VolumeDriver.Mount", "{\"Name\":\"v\",\"ID\":\"m\"}"))
                .isEqualTo(json("{\"Mountpoint\":\"\",\"Err\":\"disk on fire\"}"));
        assertThat(plugin.activeMounts()).isEmpty();
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"v\"}")).isEqualTo(json("{\"Volume\":null,\"Err\":\"no get\"}"));
        assertThat(ok("VolumeDriver.Remove", "{\"Name\":\"v\"}")).isEqualTo(json("{\"Err\":\"no remove\"}"));
        assertThat(plugin.volumes()).containsExactly("v");
        assertThat(dataDir.resolve("v")).isDirectory();

        // only the next call
        assertThat(ok("VolumeDriver.Mount", "{\"Name\":\"v\",\"ID\":\"m\"}").path("Err").asText()).isEmpty();
        assertThat(plugin.activeMounts()).containsKey("v");
        assertThat(plugin.calls("VolumeDriver.Mount")).isEqualTo(2);
    }

    @Test
    void failNextHttpAnswersARawStatus() throws IOException {
        plugin.failNextHttp("VolumeDriver.Create", 500, "{\"Err\":\"boom\"}");
        plugin.failNextHttp("VolumeDriver.Create", 503, "try later");
        try (Client c = client()) {
            Response first = c.post("VolumeDriver.Create", "{\"Name\":\"v\"}");
            assertThat(first.status()).isEqualTo(500);
            assertThat(first.body()).isEqualTo("{\"Err\":\"boom\"}");
            Response second = c.post("VolumeDriver.Create", "{\"Name\":\"v\"}");
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.body()).isEqualTo("try later");
            assertThat(plugin.volumes()).isEmpty();
            assertThat(c.post("VolumeDriver.Create", "{\"Name\":\"v\"}").status()).isEqualTo(200);
        }
        assertThat(plugin.volumes()).containsExactly("v");
        assertThat(plugin.calls("VolumeDriver.Create")).isEqualTo(3);
    }

    @Test
    void delayHoldsTheAnswerButCountsOnReceipt() throws Exception {
        plugin.delay("VolumeDriver.List", Duration.ofMillis(400));
        try (Client c = client()) {
            long start = System.nanoTime();
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.post("VolumeDriver.List", "{}");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long waited = 0;
            while (plugin.calls("VolumeDriver.List") == 0 && waited++ < 200) {
                Thread.sleep(5);
            }
            assertThat(plugin.calls("VolumeDriver.List")).isEqualTo(1);
            assertThat(answer).isNotDone();
            assertThat(answer.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        plugin.delay("VolumeDriver.List", null);
        assertThat(ok("VolumeDriver.List", "{}").path("Err").asText()).isEmpty();
    }

    @Test
    void closeCutsOffADelayedCallAndDeletesTheSocket() throws Exception {
        ok("VolumeDriver.Create", "{\"Name\":\"v\"}");
        plugin.delay("VolumeDriver.Mount", Duration.ofMinutes(10));
        Client idle = client();
        try (Client c = client()) {
            c.send(request("VolumeDriver.Mount", "{\"Name\":\"v\",\"ID\":\"m\"}", ""));
            while (plugin.calls("VolumeDriver.Mount") == 0) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            plugin.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(c.closedByServer()).isTrue();
            assertThat(idle.closedByServer()).isTrue();
        } finally {
            idle.close();
        }
        assertThat(tmp.resolve("run/plugins/fake.sock")).doesNotExist();
        assertThat(dataDir.resolve("v")).isDirectory();
        assertThatThrownBy(() -> client()).isInstanceOf(IOException.class);
        plugin.close(); // idempotent

        // a new plugin can take the same socket, as a restarted plugin would
        plugin = FakeVolumePlugin.onUnixSocket(tmp.resolve("run/plugins/fake.sock"), dataDir);
        assertThat(ok("Plugin.Activate", null).has("Implements")).isTrue();
    }

    // ---- recording ----

    @Test
    void recordsCallsBodiesAndAcceptHeaders() throws IOException {
        ok("Plugin.Activate", null);
        ok("VolumeDriver.Create", "{\"Name\":\"v\",\"Opts\":{\"a\":\"b\"}}");
        try (Client c = client()) {
            c.send("POST /VolumeDriver.List HTTP/1.1\r\nHost: plugin\r\nACCEPT: text/x\r\nContent-Length: 2\r\n\r\n{}");
            c.read();
            c.send("POST /VolumeDriver.List HTTP/1.1\r\nHost: plugin\r\nContent-Length: 0\r\n\r\n");
            c.read();
        }

        assertThat(plugin.calls("Plugin.Activate")).isEqualTo(1);
        assertThat(plugin.calls("VolumeDriver.Create")).isEqualTo(1);
        assertThat(plugin.calls("VolumeDriver.List")).isEqualTo(2);
        assertThat(plugin.calls("VolumeDriver.Remove")).isZero();
        assertThat(plugin.requests("Plugin.Activate")).containsExactly(NullNode.getInstance());
        assertThat(plugin.requests("VolumeDriver.Create")).containsExactly(json("{\"Name\":\"v\",\"Opts\":{\"a\":\"b\"}}"));
        assertThat(plugin.requests("VolumeDriver.List")).containsExactly(json("{}"), NullNode.getInstance());
        assertThat(plugin.requests("VolumeDriver.Remove")).isEmpty();
        assertThat(plugin.acceptHeaders()).containsExactly(ACCEPT, ACCEPT, "text/x", null);

        plugin.resetCounts();
        assertThat(plugin.calls("VolumeDriver.List")).isZero();
        assertThat(plugin.requests("VolumeDriver.Create")).isEmpty();
        assertThat(plugin.acceptHeaders()).isEmpty();
        assertThat(plugin.volumes()).containsExactly("v");
    }

    @Test
    void deleteOutOfBandForgetsTheVolume() throws IOException {
        ok("VolumeDriver.Create", "{\"Name\":\"v\"}");
        Files.writeString(dataDir.resolve("v/f"), "x");
        plugin.deleteOutOfBand("v");
        assertThat(plugin.volumes()).isEmpty();
        assertThat(dataDir.resolve("v")).doesNotExist();
        assertThat(ok("VolumeDriver.Get", "{\"Name\":\"v\"}").path("Err").asText()).isEqualTo("no such volume");
        assertThatThrownBy(() -> plugin.deleteOutOfBand("v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tcp() throws IOException {
        try (FakeVolumePlugin onTcp = FakeVolumePlugin.onTcp(tmp.resolve("tcpdata"));
             Client c = new Client(new InetSocketAddress("127.0.0.1", onTcp.port()))) {
            assertThat(onTcp.socket()).isNull();
            assertThat(onTcp.port()).isPositive();
            assertThat(c.post("Plugin.Activate", null).json()).isEqualTo(json("{\"Implements\":[\"VolumeDriver\"]}"));
            assertThat(c.post("VolumeDriver.Create", "{\"Name\":\"t\"}").json()).isEqualTo(json("{\"Err\":\"\"}"));
            assertThat(tmp.resolve("tcpdata/t")).isDirectory();
            assertThat(onTcp.calls("Plugin.Activate")).isEqualTo(1);
        }
    }
}
