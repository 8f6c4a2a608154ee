package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The volume API over raw HTTP: status codes, JSON shapes, malformed input, versions, ping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeApiIT {

    TestDaemon d;
    ApiClient c;

    @BeforeAll
    void start() {
        d = TestDaemon.inProcess();
        c = d.client();
    }

    @AfterAll
    void stop() {
        c.close();
        d.close();
    }

    private ApiClient.Response post(String path, String contentType, String body) throws IOException {
        return c.request("POST", path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(ApiClient.Response r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("message").asText();
    }

    @Test
    void ping_headAndGet_carryDockerHeaders() throws IOException {
        for (String method : new String[] {"HEAD", "GET"}) {
            ApiClient.Response r = c.request(method, "/_ping", null, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("api-version", "1.50").containsEntry("ostype", "linux")
                    .containsEntry("cache-control", "no-cache, no-store, must-revalidate")
                    .containsEntry("pragma", "no-cache").containsEntry("swarm", "inactive")
                    .containsEntry("docker-experimental", "false");
            assertThat(r.headers().get("server")).startsWith("Docker/");
            assertThat(r.text()).isEqualTo(method.equals("GET") ? "OK" : "");
        }
        assertThat(c.get("/v1.24/_ping").status()).isEqualTo(200);
        assertThat(c.get("/v1.50/_ping").text()).isEqualTo("OK");
    }

    @Test
    void versions_outOfRange_rejectedWithDockerText() throws IOException {
        ApiClient.Response r = c.get("/v1.51/version");
        assertThat(r.status()).isEqualTo(400);
        assertThat(message(r)).isEqualTo("client version 1.51 is too new. Maximum supported API version is 1.50");
        r = c.get("/v1.23/version");
        assertThat(r.status()).isEqualTo(400);
        assertThat(message(r)).isEqualTo("client version 1.23 is too old. Minimum supported API version is 1.24, "
                + "please upgrade your client to a newer version");
        assertThat(c.get("/v1.32/version").status()).isEqualTo(200);
    }

    @Test
    void unknownRoute_is404PageNotFound() throws IOException {
        ApiClient.Response r = c.get("/v1.50/nothing/here");
        assertThat(r.status()).isEqualTo(404);
        // Every JSON answer ends with a newline, as Go's json.Encoder writes Docker's.
        assertThat(r.text()).isEqualTo("{\"message\":\"page not found\"}\n");
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
    }

    @Test
    void create_returns201WithDockerShapeNullVersusEmpty() throws IOException {
        ApiClient.Response r = post("/v1.50/volumes/create", "application/json", "{\"Name\":\"shape\"}");
        assertThat(r.status()).isEqualTo(201);
        String body = r.text();
        assertThat(body).matches("\\{\"CreatedAt\":\"[^\"]+\",\"Driver\":\"local\",\"Labels\":null,\"Mountpoint\":\""
                + d.dataRoot() + "/volumes/shape/_data\",\"Name\":\"shape\",\"Options\":null,\"Scope\":\"local\"}\n");
        r = post("/v1.50/volumes/create", "application/json", "{\"Name\":\"shape2\",\"Labels\":{},\"DriverOpts\":{}}");
        assertThat(r.text()).contains("\"Labels\":{}").contains("\"Options\":{}");
        r = post("/v1.50/volumes/create", "application/json", "{\"Name\":\"shape3\",\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}");
        assertThat(r.text()).contains("\"Labels\":{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(c.get("/v1.50/volumes/shape2").text()).contains("\"Labels\":{}").contains("\"Options\":{}");
    }

    @Test
    void create_emptyBody_createsAnonymous() throws IOException {
        ApiClient.Response r = post("/volumes/create", null, null);
        assertThat(r.status()).isEqualTo(201);
        JsonNode v = Json.MAPPER.readTree(r.body());
        assertThat(v.get("Name").asText()).matches("[0-9a-f]{64}");
        assertThat(v.get("Labels").toString()).isEqualTo("{\"com.docker.volume.anonymous\":\"\"}");
    }

    record Bad(String name, String contentType, String body, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> malformed() {
        return Stream.of(
                new Bad("text/plain", "text/plain", "{\"Name\":\"x1\"}",
                        "unsupported Content-Type header (text/plain): must be 'application/json'"),
                new Bad("bad key", "application/json", "{invalid",
                        "invalid JSON: invalid character 'i' looking for beginning of object key string"),
                new Bad("trailing", "application/json", "{\"Name\":\"x2\"} x", "unexpected content after JSON"),
                new Bad("truncated", "application/json", "{\"Name\":", "invalid JSON: unexpected EOF"),
                new Bad("labels not a map", "application/json", "{\"Labels\":\"x\"}",
                        "invalid JSON: json: cannot unmarshal string into Go struct field CreateOptions.Labels of type map[string]string"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void create_malformed_is400WithDockerText(Bad b) throws IOException {
        ApiClient.Response r = post("/v1.50/volumes/create", b.contentType(), b.body());
        assertThat(r.status()).isEqualTo(400);
        assertThat(message(r)).isEqualTo(b.message());
    }

    @Test
    void create_jsonWithCharset_accepted() throws IOException {
        assertThat(post("/volumes/create", "application/json; charset=utf-8", "{\"Name\":\"cs1\"}").status())
                .isEqualTo(201);
    }

    @Test
    void statuses_matchDocker() throws IOException {
        assertThat(c.get("/volumes/nope").status()).isEqualTo(404);
        assertThat(message(c.get("/volumes/nope"))).isEqualTo("get nope: no such volume");
        assertThat(c.delete("/volumes/nope").status()).isEqualTo(404);
        assertThat(c.delete("/volumes/nope?force=1").status()).isEqualTo(204);
        assertThat(c.delete("/volumes/nope?force=true").status()).isEqualTo(204);
        assertThat(post("/volumes/create", "application/json", "{\"Name\":\"a\"}").status()).isEqualTo(400);
        post("/volumes/create", "application/json", "{\"Name\":\"st1\"}");
        assertThat(post("/volumes/create", "application/json", "{\"Name\":\"st1\",\"Driver\":\"x\"}").status())
                .isEqualTo(409);
        assertThat(post("/volumes/create", "application/json", "{\"Name\":\"st2\",\"Driver\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(c.delete("/volumes/st1").status()).isEqualTo(204);
        ApiClient.Response put = c.request("PUT", "/v1.50/volumes/st1?version=1", "application/json", "{}".getBytes());
        assertThat(put.status()).isEqualTo(503);
        assertThat(message(put)).isEqualTo("volume update only valid for cluster volumes, but swarm is unavailable");
    }

    @Test
    void create_clusterVolumeSpec_fromApi142IsSwarms503_beforeIgnored() throws IOException {
        String spec = ",\"ClusterVolumeSpec\":{\"Group\":\"g\",\"AccessMode\":{\"Scope\":\"single\"}}}";
        for (String prefix : new String[] {"/v1.42", "/v1.50", ""}) {
            ApiClient.Response r = post(prefix + "/volumes/create", "application/json", "{\"Name\":\"cv1\"" + spec);
            assertThat(r.status()).as(prefix).isEqualTo(503);
            assertThat(message(r)).isEqualTo("This node is not a swarm manager. Use \"docker swarm init\" or"
                    + " \"docker swarm join\" to connect this node to swarm and try again.");
        }
        assertThat(post("/volumes/create", "application/json", "{\"ClusterVolumeSpec\":{}}").status()).isEqualTo(503);
        assertThat(c.get("/volumes/cv1").status()).isEqualTo(404);

        // Before 1.42 the field does not exist: a local volume.
        ApiClient.Response old = post("/v1.41/volumes/create", "application/json", "{\"Name\":\"cv1\"" + spec);
        assertThat(old.status()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(old.body()).get("Driver").asText()).isEqualTo("local");
        assertThat(c.get("/volumes/cv1").status()).isEqualTo(200);
        // An explicit null is no spec.
        assertThat(post("/v1.50/volumes/create", "application/json", "{\"Name\":\"cv2\",\"ClusterVolumeSpec\":null}")
                .status()).isEqualTo(201);
        assertThat(c.delete("/volumes/cv1").status()).isEqualTo(204);
        assertThat(c.delete("/volumes/cv2").status()).isEqualTo(204);
    }

    @Test
    void list_acceptsBothFilterEncodings() throws IOException {
        post("/volumes/create", "application/json", "{\"Name\":\"enc1\",\"Labels\":{\"enc\":\"1\"}}");
        String modern = ApiClient.enc("{\"label\":{\"enc=1\":true}}");
        String legacy = ApiClient.enc("{\"label\":[\"enc=1\"]}");
        for (String f : new String[] {modern, legacy}) {
            JsonNode body = Json.MAPPER.readTree(c.get("/volumes?filters=" + f).body());
            assertThat(body.get("Volumes").size()).isEqualTo(1);
            assertThat(body.get("Volumes").get(0).get("Name").asText()).isEqualTo("enc1");
            assertThat(body.get("Warnings").isNull()).isTrue();
        }
        ApiClient.Response r = c.get("/volumes?filters=" + ApiClient.enc("xx"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(message(r)).isEqualTo("error reading volume filters: invalid filter");
        assertThat(Json.MAPPER.readTree(c.get("/volumes?filters=" + ApiClient.enc("{\"name\":[\"zzz\"]}")).body())
                .get("Volumes").isArray()).isTrue();
    }

    @Test
    void keepAlive_manyRequestsOnOneConnection() throws IOException {
        for (int i = 0; i < 200; i++) {
            assertThat(c.get("/volumes").status()).isEqualTo(200);
        }
    }

    @Test
    void pipelined_requests_answeredInOrder() throws IOException {
        String req = "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /v1.50/volumes/pipe-missing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String out = RawHttp.exchange(d.socket(), req);
        int first = out.indexOf("HTTP/1.1 200");
        int second = out.indexOf("HTTP/1.1 404");
        int third = out.indexOf("HTTP/1.1 200", second);
        assertThat(first).isGreaterThanOrEqualTo(0);
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void malformedHttp_is400NotACrash() throws IOException {
        String out = RawHttp.exchange(d.socket(), "GARBAGE\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 400");
        assertThat(c.get("/_ping").status()).isEqualTo(200);
    }

    @Test
    void chunkedRequestBody_accepted() throws IOException {
        String body = "{\"Name\":\"chunky\"}";
        String req = "POST /v1.50/volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String out = RawHttp.exchange(d.socket(), req);
        assertThat(out).startsWith("HTTP/1.1 201");
        assertThat(out).contains("\"Name\":\"chunky\"");
    }

    @Test
    void list_biggerThanOnePiece_chunkedByteForByteAsInspect_connectionKept() throws IOException {
        // 400 volumes of ≈3 KB each: far more than the socket buffers hold, so the daemon has to wait for the reader.
        String label = "x".repeat(3000);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String name = String.format("big-%03d", i);
            names.add(name);
            assertThat(post("/volumes/create", "application/json",
                    "{\"Name\":\"" + name + "\",\"Labels\":{\"big\":\"" + label + "\"}}").status()).isEqualTo(201);
        }
        try {
            String filter = ApiClient.enc("{\"label\":[\"big\"]}");
            // The big list, then a small one and a ping on the same connection: all three answered in order.
            String out = RawHttp.exchange(d.socket(), "GET /v1.50/volumes?filters=" + filter + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /v1.50/volumes?filters=" + ApiClient.enc("{\"name\":[\"big-007\"]}")
                    + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 300);
            RawHttp.Reply big = RawHttp.Reply.parse(out, 0);
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.headers()).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
            assertThat(big.chunks()).isGreaterThan(1);
            assertThat(big.body().length()).isGreaterThan(1_000_000);
            JsonNode list = Json.MAPPER.readTree(big.body());
            assertThat(list.get("Volumes").size()).isEqualTo(400);
            assertThat(list.get("Warnings").isNull()).isTrue();
            java.util.List<String> listed = new java.util.ArrayList<>();
            for (JsonNode v : list.get("Volumes")) {
                listed.add(v.get("Name").asText());
                // Each item is exactly the inspect answer.
                assertThat(Json.MAPPER.writeValueAsString(v))
                        .isEqualTo(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(c.get("/volumes/" + v.get("Name").asText()).body())));
            }
            assertThat(listed).containsExactlyInAnyOrderElementsOf(names);

            RawHttp.Reply small = RawHttp.Reply.parse(out, big.end());
            assertThat(small.status()).isEqualTo(200);
            assertThat(small.headers()).containsKey("content-length").doesNotContainKey("transfer-encoding");
            assertThat(Json.MAPPER.readTree(small.body()).get("Volumes").get(0).get("Name").asText()).isEqualTo("big-007");
            RawHttp.Reply ping = RawHttp.Reply.parse(out, small.end());
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("OK");
        } finally {
            for (String name : names) {
                c.request("DELETE", "/volumes/" + name, null, null);
            }
        }
    }
}
