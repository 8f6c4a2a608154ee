package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP framing clients rely on, byte for byte: malformed bodies, bad escapes, version prefixes, 304s on a
 * keep-alive connection, half-closes during streamed answers, {@code Expect: 100-continue}, HTTP/1.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpProtocolIT {

    TestDaemon d;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard().importInto(d, "bb");
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private String exchange(String request) throws IOException {
        return RawHttp.exchange(d.socket(), request);
    }

    private static RawHttp.Reply only(String raw) {
        RawHttp.Reply r = RawHttp.Reply.parse(raw, 0);
        assertThat(raw.substring(r.end())).as("nothing after the answer").isEmpty();
        return r;
    }

    @Test
    void malformedChunkedBody_is400_andTheRouteNeverRuns() throws Exception {
        String before = d.dockerOk("volume", "ls", "-q").out();
        RawHttp.Reply r = only(exchange("POST /volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"invalid byte in chunk length\"}\n");
        assertThat(d.dockerOk("volume", "ls", "-q").out()).as("no anonymous volume made").isEqualTo(before);
    }

    @Test
    void malformedChunkedBody_ofAStreamingRoute_importsNothing() throws Exception {
        Path tar = BusyboxRootfs.standard().writeTo(Files.createTempFile(Path.of("/tmp"), "rootfs-", ".tar"));
        try {
            byte[] all = Files.readAllBytes(tar);
            String half = new String(all, 0, all.length / 2, StandardCharsets.ISO_8859_1);
            String raw = exchange("POST /images/create?fromSrc=-&repo=truncated&tag=t HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(half.length()) + "\r\n" + half + "\r\nzz\r\n");
            assertThat(raw).doesNotContain("\"status\":\"sha256:");
            // The client's framing error: 400 with Go's text, however the route reported it.
            assertThat(raw).contains("invalid byte in chunk length").doesNotContain(" 500 ");
        } finally {
            Files.deleteIfExists(tar);
        }
        assertThat(d.docker("image", "inspect", "truncated:t").exitCode()).isEqualTo(1);
    }

    @Test
    void malformedChunkedBody_ofImageLoad_is400() throws Exception {
        RawHttp.Reply r = only(exchange("POST /images/load HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("invalid byte in chunk length");
    }

    @Test
    void badEscapeInPath_is400_andClosesAsGoDoes() throws Exception {
        String raw = exchange("GET /volumes/ab%zz HTTP/1.1\r\nHost: x\r\n\r\nGET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Reply r = only(raw);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"invalid URL escape \\\"%zz\\\"\"}\n");
    }

    @Test
    void badEscapeInQuery_is400_andThePipelinedRequestIsStillAnswered() throws Exception {
        String raw = exchange("GET /volumes?filters=%7B%zz HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Reply first = RawHttp.Reply.parse(raw, 0);
        assertThat(first.status()).isEqualTo(400);
        assertThat(first.body()).isEqualTo("{\"message\":\"invalid URL escape \\\"%zz\\\"\"}\n");
        RawHttp.Reply second = RawHttp.Reply.parse(raw, first.end());
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("OK");
    }

    @Test
    void versionPrefixes_compareAsDockerDoes() throws Exception {
        assertThat(only(exchange("GET /v1/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).body())
                .isEqualTo("{\"message\":\"client version 1 is too old. Minimum supported API version is 1.24,"
                        + " please upgrade your client to a newer version\"}\n");
        assertThat(only(exchange("GET /v1.24.1/_ping HTTP/1.1\r\nHost: x\r\n\r\n")).status()).isEqualTo(200);
        RawHttp.Reply tooNew = only(exchange("GET /v1.50.1/_ping HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(tooNew.status()).isEqualTo(400);
        assertThat(tooNew.body()).isEqualTo(
                "{\"message\":\"client version 1.50.1 is too new. Maximum supported API version is 1.50\"}\n");
    }

    @Test
    void notModified_keepsTheConnection_forPipelinedRequests() throws Exception {
        String id = d.dockerOk("create", "bb", "true").outTrim();
        String raw = exchange("POST /containers/" + id + "/stop HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Reply first = RawHttp.Reply.parse(raw, 0);
        assertThat(first.status()).isEqualTo(304);
        assertThat(first.headers()).doesNotContainKey("connection");
        assertThat(RawHttp.Reply.parse(raw, first.end()).body()).isEqualTo("OK");
        d.dockerOk("rm", id);
    }

    @Test
    void halfCloseDuringEvents_endsTheStreamAndTheConnection() throws Exception {
        // RawHttp half-closes after the request, as a client that has nothing more to send and goes away.
        RawHttp.Reply r = only(exchange("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("transfer-encoding", "chunked");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void halfCloseDuringWait_endsTheStream() throws Exception {
        String id = d.dockerOk("create", "bb", "true").outTrim();
        // The answer parses only if its last chunk came: a stream left open would be cut at RawHttp's limit.
        RawHttp.Reply r = only(exchange("POST /containers/" + id + "/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        // As Docker's wait on a cancelled request context.
        assertThat(r.body()).isEqualTo("{\"StatusCode\":-1,\"Error\":{\"Message\":\"context canceled\"}}\n");
        d.dockerOk("rm", id);
    }

    @Test
    void expectContinue_isAnsweredBeforeTheBody() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(d.socket()));
            String body = "{\"Name\":\"expect-continue\"}";
            ch.write(ByteBuffer.wrap(("POST /volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            InputStream in = Channels.newInputStream(ch);
            assertThat(readUntil(in, "\r\n\r\n")).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            ch.write(ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1)));
            ch.shutdownOutput();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(RawHttp.Reply.parse(rest, 0).status()).isEqualTo(201);
        }
        d.dockerOk("volume", "rm", "expect-continue");
    }

    @Test
    void expectContinue_ofAPipelinedRequest_comesAfterTheAnswersBeforeIt() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(d.socket()));
            long now = System.currentTimeMillis() / 1000;
            String body = "{\"Name\":\"expect-pipelined\"}";
            // An events stream that lasts about a second, then a create waiting for "100 Continue".
            ch.write(ByteBuffer.wrap(("GET /events?since=" + now + "&until=" + (now + 2) + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            InputStream in = Channels.newInputStream(ch);
            String head = readUntil(in, "HTTP/1.1 100 Continue\r\n\r\n");
            RawHttp.Reply events = RawHttp.Reply.parse(head, 0);
            assertThat(events.status()).isEqualTo(200);
            assertThat(head.substring(events.end())).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            ch.write(ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1)));
            ch.shutdownOutput();
            assertThat(RawHttp.Reply.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), 0).status())
                    .isEqualTo(201);
        }
        d.dockerOk("volume", "rm", "expect-pipelined");
    }

    @Test
    void expectContinue_forARequestAnsweredWithoutItsRoute_closesAfterTheAnswer() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(d.socket()));
            ch.write(ByteBuffer.wrap(("POST /nothing/here HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            String all = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(RawHttp.Reply.parse(all, 0).status()).isEqualTo(404);
            assertThat(all).doesNotContain("100 Continue");
        }
    }

    @Test
    void http10_getsNoChunkedCoding_theStreamRunsToTheClose() throws Exception {
        String raw = exchange("GET /events?since=0&until=1 HTTP/1.0\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(raw.toLowerCase()).doesNotContain("transfer-encoding").contains("connection: close");
        assertThat(raw).endsWith("\r\n\r\n");
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
