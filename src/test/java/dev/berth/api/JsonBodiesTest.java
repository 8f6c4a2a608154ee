package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.wire.ContainerCreateWire;
import dev.berth.api.wire.VolumeWire.ClusterVolumeSpec;
import dev.berth.api.wire.VolumeWire.CreateRequest;
import dev.berth.json.Json;
import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Docker's httputils.ReadJSON and CheckForJSON (TestVolumesInvalidJSON), with Go's encoding/json texts. */
class JsonBodiesTest {

    private static final String JSON = "application/json";

    private static CreateRequest read(String contentType, String body) {
        return JsonBodies.read(contentType, body.getBytes(StandardCharsets.UTF_8), CreateRequest.class);
    }

    record ContentTypeCase(String name, String contentType, String body, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ContentTypeCase> contentTypes() {
        return Stream.of(
                new ContentTypeCase("json", JSON, "{}", null),
                new ContentTypeCase("json with charset", "application/json; charset=utf-8", "{}", null),
                new ContentTypeCase("upper case", "Application/JSON", "{}", null),
                new ContentTypeCase("trailing semicolon", "application/json;", "{}", null),
                new ContentTypeCase("text/plain", "text/plain", "{}",
                        "unsupported Content-Type header (text/plain): must be 'application/json'"),
                new ContentTypeCase("text/plain with charset", "text/plain; charset=utf-8", "{}",
                        "unsupported Content-Type header (text/plain; charset=utf-8): must be 'application/json'"),
                new ContentTypeCase("json suffix type", "application/vnd.docker+json", "{}",
                        "unsupported Content-Type header (application/vnd.docker+json): must be 'application/json'"),
                new ContentTypeCase("text/plain, empty body", "text/plain", "",
                        "unsupported Content-Type header (text/plain): must be 'application/json'"),
                new ContentTypeCase("empty header with body", "", "{}",
                        "malformed Content-Type header (): mime: no media type"),
                new ContentTypeCase("empty body, no header", null, "", null),
                new ContentTypeCase("empty body, empty header", "", "", null),
                new ContentTypeCase("empty body, json", JSON, "", null),
                new ContentTypeCase("quoted charset", "application/json; charset=\"utf-8\"", "{}", null),
                new ContentTypeCase("type without subtype", "application", "{}",
                        "unsupported Content-Type header (application): must be 'application/json'"),
                new ContentTypeCase("no subtype after slash", "application/", "{}",
                        "malformed Content-Type header (application/): mime: expected token after slash"),
                new ContentTypeCase("space for slash", "application json", "{}",
                        "malformed Content-Type header (application json): mime: expected slash after first token"),
                new ContentTypeCase("parameter without value", "application/json; charset", "{}",
                        "malformed Content-Type header (application/json; charset): mime: invalid media parameter"),
                new ContentTypeCase("duplicate parameter", "application/json; a=1; a=2", "{}",
                        "malformed Content-Type header (application/json; a=1; a=2): mime: duplicate parameter name"),
                new ContentTypeCase("malformed header with an empty body", "application/", "",
                        "malformed Content-Type header (application/): mime: expected token after slash"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentTypes")
    void read_contentType_acceptedOrDockerError(ContentTypeCase c) {
        if (c.error() == null) {
            CreateRequest r = read(c.contentType(), c.body());
            if (c.body().isEmpty()) {
                assertThat(r).isNull();
            } else {
                assertThat(r).isEqualTo(new CreateRequest(null, null, null, null, null));
            }
        } else {
            assertThatThrownBy(() -> read(c.contentType(), c.body()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void read_bodyWithoutContentTypeHeader_malformedWithEmptyHeader() {
        assertThatThrownBy(() -> read(null, "{}"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("malformed Content-Type header (): mime: no media type");
    }

    record BodyCase(String name, String body, CreateRequest expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BodyCase> bodies() {
        return Stream.of(
                new BodyCase("empty object", "{}", new CreateRequest(null, null, null, null, null), null),
                new BodyCase("all fields", "{\"Name\":\"qq\",\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"tmpfs\"},"
                        + "\"Labels\":{\"a\":\"b\"}}",
                        new CreateRequest("qq", "local", Map.of("type", "tmpfs"), Map.of("a", "b"), null), null),
                new BodyCase("explicit nulls", "{\"Name\":null,\"Driver\":null,\"DriverOpts\":null,\"Labels\":null}",
                        new CreateRequest(null, null, null, null, null), null),
                new BodyCase("unknown fields ignored", "{\"Foo\":[1,{}],\"Name\":\"a\",\"ClusterVolumeSpec\":null}",
                        new CreateRequest("a", null, null, null, null), null),
                new BodyCase("duplicate key, last wins", "{\"Name\":\"a\",\"Name\":\"b\"}",
                        new CreateRequest("b", null, null, null, null), null),
                new BodyCase("whitespace around", "\n {\"Name\":\"a\"} \n",
                        new CreateRequest("a", null, null, null, null), null),
                new BodyCase("closing brace after value", "{\"Name\":\"a\"}}",
                        new CreateRequest("a", null, null, null, null), null),
                new BodyCase("cluster volume spec: present, its fields skipped",
                        "{\"Name\":\"a\",\"ClusterVolumeSpec\":{\"Group\":\"g\","
                                + "\"AccessMode\":{\"Scope\":\"single\"}}}",
                        new CreateRequest("a", null, null, null, new ClusterVolumeSpec()), null),
                new BodyCase("cluster volume spec: empty is present", "{\"ClusterVolumeSpec\":{}}",
                        new CreateRequest(null, null, null, null, new ClusterVolumeSpec()), null),
                new BodyCase("syntax error", "{invalid", null,
                        "invalid JSON: invalid character 'i' looking for beginning of object key string"),
                new BodyCase("cut short", "{\"Name\":", null, "invalid JSON: unexpected EOF"),
                new BodyCase("bad escape", "{\"Name\":\"\\q\"}", null,
                        "invalid JSON: invalid character 'q' in string escape code"),
                new BodyCase("content after JSON", "{} x", null, "unexpected content after JSON"),
                new BodyCase("second object", "{}{}", null, "unexpected content after JSON"),
                new BodyCase("top-level null is an empty request", "null",
                        new CreateRequest(null, null, null, null, null), null),
                new BodyCase("key matched ignoring case", "{\"NAME\":\"a\",\"dRiVeR\":\"local\"}",
                        new CreateRequest("a", "local", null, null, null), null),
                new BodyCase("two spellings of a key: last wins", "{\"Name\":\"a\",\"name\":\"b\"}",
                        new CreateRequest("b", null, null, null, null), null),
                new BodyCase("repeated map merges", "{\"Labels\":{\"a\":\"1\"},\"Labels\":{\"b\":\"2\"}}",
                        new CreateRequest(null, null, null, Map.of("a", "1", "b", "2"), null), null),
                new BodyCase("null label value is empty", "{\"Labels\":{\"a\":null}}",
                        new CreateRequest(null, null, null, Map.of("a", ""), null), null),
                new BodyCase("syntax error before any type error", "{\"Name\":1,}", null,
                        "invalid JSON: invalid character '}' looking for beginning of object key string"),
                new BodyCase("type error before content after JSON", "{\"Name\":1} x", null,
                        "invalid JSON: json: cannot unmarshal number into Go struct field CreateOptions.Name of type"
                                + " string"),
                new BodyCase("string at top level", "\"x\"", null,
                        "invalid JSON: json: cannot unmarshal string into Go value of type volume.CreateOptions"),
                new BodyCase("bool at top level, then garbage", "truex", null,
                        "invalid JSON: json: cannot unmarshal bool into Go value of type volume.CreateOptions"),
                new BodyCase("leading zero decodes 0 first", "01", null,
                        "invalid JSON: json: cannot unmarshal number into Go value of type volume.CreateOptions"),
                new BodyCase("cut short inside a literal", "tru", null, "invalid JSON: unexpected EOF"));
    }

    /** Go's UnmarshalTypeError: the JSON kind, the struct and field, and the Go type of the field. */
    static Stream<BodyCase> typeMismatches() {
        return Stream.of(
                new BodyCase("string for map", "{\"Labels\":\"x\"}", null,
                        "invalid JSON: json: cannot unmarshal string into Go struct field CreateOptions.Labels of type "
                                + "map[string]string"),
                new BodyCase("array for map", "{\"DriverOpts\":[]}", null,
                        "invalid JSON: json: cannot unmarshal array into Go struct field CreateOptions.DriverOpts"
                                + " of type "
                                + "map[string]string"),
                new BodyCase("string for the cluster volume spec", "{\"ClusterVolumeSpec\":\"x\"}", null,
                        "invalid JSON: json: cannot unmarshal string into Go struct field"
                                + " CreateOptions.ClusterVolumeSpec of type volume.ClusterVolumeSpec"),
                new BodyCase("object for string", "{\"Name\":{}}", null,
                        "invalid JSON: json: cannot unmarshal object into Go struct field CreateOptions.Name of type "
                                + "string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void read_body_valueOrGoError(BodyCase c) {
        if (c.error() == null) {
            assertThat(read(JSON, c.body())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> read(JSON, c.body()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeMismatches")
    void read_wrongJsonKind_goTypeError(BodyCase c) {
        assertThatThrownBy(() -> read(JSON, c.body()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage(c.error());
    }

    /** Go's json.Unmarshal never coerces scalars: a number or bool is not a string. */
    static Stream<BodyCase> scalarCoercions() {
        return Stream.of(
                new BodyCase("number for string", "{\"Name\":1}", null,
                        "invalid JSON: json: cannot unmarshal number into Go struct field CreateOptions.Name of type "
                                + "string"),
                new BodyCase("bool for string", "{\"Driver\":true}", null,
                        "invalid JSON: json: cannot unmarshal bool into Go struct field CreateOptions.Driver of type "
                                + "string"),
                new BodyCase("number as label value", "{\"Labels\":{\"a\":1}}", null,
                        "invalid JSON: json: cannot unmarshal number into Go struct field CreateOptions.Labels of type "
                                + "string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarCoercions")
    void read_scalarOfWrongType_goTypeError(BodyCase c) {
        assertThatThrownBy(() -> read(JSON, c.body()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage(c.error());
    }

    @Test
    void read_lowerCaseKey_matchesFieldLikeGo() {
        assertThat(read(JSON, "{\"name\":\"qq\",\"labels\":{\"a\":\"b\"}}"))
                .isEqualTo(new CreateRequest("qq", null, null, Map.of("a", "b"), null));
    }

    @Test
    void read_whitespaceOnlyBody_gotEof() {
        assertThatThrownBy(() -> read(JSON, "  \n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid JSON: got EOF while reading request body");
    }

    @Test
    void read_typeErrors_goTypeNamesOfDockerStruct() {
        assertThatThrownBy(() -> read(JSON, "{\"Labels\":\"x\"}")).hasMessage(
                "invalid JSON: json: cannot unmarshal string into Go struct field CreateOptions.Labels of type "
                        + "map[string]string");
        assertThatThrownBy(() -> read(JSON, "[]")).hasMessage(
                "invalid JSON: json: cannot unmarshal array into Go value of type volume.CreateOptions");
        assertThatThrownBy(() -> read(JSON, "1 x")).hasMessage(
                "invalid JSON: json: cannot unmarshal number into Go value of type volume.CreateOptions");
    }
    /** Bytes of {@code parts}: strings as UTF-8, Integers as single raw bytes (for invalid UTF-8). */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    record RawCase(String name, byte[] body, CreateRequest expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Go's decoder keeps strings with invalid UTF-8, each bad byte as U+FFFD (dockerd accepts such labels). */
    static Stream<RawCase> invalidUtf8() {
        return Stream.of(
                new RawCase("0xff in a label value", bytes("{\"Labels\":{\"a\":\"x", 0xff, "y\"}}"),
                        new CreateRequest(null, null, null, Map.of("a", "x\ufffdy"), null)),
                new RawCase("0xff in a label key", bytes("{\"Labels\":{\"", 0xff, "\":\"v\"}}"),
                        new CreateRequest(null, null, null, Map.of("\ufffd", "v"), null)),
                new RawCase("truncated sequence in the name", bytes("{\"Name\":\"a", 0xe2, 0x82, "\"}"),
                        new CreateRequest("a\ufffd\ufffd", null, null, null, null)),
                new RawCase("encoded surrogate", bytes("{\"Name\":\"", 0xed, 0xa0, 0x80, "\"}"),
                        new CreateRequest("\ufffd\ufffd\ufffd", null, null, null, null)),
                new RawCase("invalid bytes in an ignored field", bytes("{\"Foo\":[\"", 0xc0, 0xaf, "\"],\"Name\":\"n\"}"),
                        new CreateRequest("n", null, null, null, null)),
                new RawCase("invalid byte in a driver option", bytes("{\"DriverOpts\":{\"o\":\"", 0x80, "\"}}"),
                        new CreateRequest(null, null, Map.of("o", "\ufffd"), null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void read_invalidUtf8InStrings_replacedLikeGo(RawCase c) {
        assertThat(JsonBodies.read(JSON, c.body(), CreateRequest.class)).isEqualTo(c.expected());
    }

    /** An unknown field nested deep: Go ignores it up to its scanner's limit of 10000 levels, then 400s. */
    static Stream<BodyCase> depths() {
        String ok = "{\"Name\":\"deep\",\"Foo\":";
        CreateRequest deep = new CreateRequest("deep", null, null, null, null);
        return Stream.of(
                new BodyCase("500 levels", ok + SmallStack.nest(500, "[", "", "]") + "}", deep, null),
                new BodyCase("1001 levels (past Jackson's default)", ok + SmallStack.nest(1001, "[", "", "]") + "}",
                        deep, null),
                new BodyCase("10000 levels in all", ok + SmallStack.nest(9999, "[", "", "]") + "}", deep, null),
                new BodyCase("10001 levels", ok + SmallStack.nest(10000, "[", "", "]") + "}", null,
                        "invalid JSON: invalid character '[' exceeded max depth"),
                new BodyCase("10001 levels of objects", ok + SmallStack.nest(10000, "{\"a\":", "{}", "}") + "}",
                        null, "invalid JSON: invalid character '{' exceeded max depth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("depths")
    void read_deepIgnoredField_goDepthLimitNoRecursion(BodyCase c) throws Exception {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        if (c.error() == null) {
            assertThat(SmallStack.run(() -> JsonBodies.read(JSON, body, CreateRequest.class)))
                    .isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> SmallStack.run(() -> JsonBodies.read(JSON, body, CreateRequest.class)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    record IntBodyCase(String body, Integer stopTimeout, Integer maximumRetryCount, String error) {
        @Override
        public String toString() {
            return body;
        }
    }

    /** Go's int is 64-bit: dockerd takes any int64; berth's Integer fields saturate beyond the Java int. */
    static Stream<IntBodyCase> containerInts() {
        String p = "invalid JSON: json: cannot unmarshal number ";
        return Stream.of(
                new IntBodyCase("{\"StopTimeout\":99999999999}", Integer.MAX_VALUE, null, null),
                new IntBodyCase("{\"StopTimeout\":-99999999999}", Integer.MIN_VALUE, null, null),
                new IntBodyCase("{\"StopTimeout\":30}", 30, null, null),
                new IntBodyCase("{\"HostConfig\":{\"RestartPolicy\":{\"MaximumRetryCount\":4294967296}}}", null,
                        Integer.MAX_VALUE, null),
                new IntBodyCase("{\"StopTimeout\":9223372036854775808}", null, null,
                        p + "9223372036854775808 into Go struct field ContainerConfigWrapper.StopTimeout of type int"),
                new IntBodyCase("{\"StopTimeout\":1.5}", null, null,
                        p + "1.5 into Go struct field ContainerConfigWrapper.StopTimeout of type int"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containerInts")
    void read_containerIntegers_goInt64RangeSaturated(IntBodyCase c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        if (c.error() != null) {
            assertThatThrownBy(() -> JsonBodies.read(JSON, body, ContainerCreateWire.Body.class))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
            return;
        }
        ContainerCreateWire.Body b = JsonBodies.read(JSON, body, ContainerCreateWire.Body.class);
        assertThat(b.StopTimeout()).isEqualTo(c.stopTimeout());
        assertThat(b.HostConfig() == null ? null : b.HostConfig().RestartPolicy().MaximumRetryCount())
                .isEqualTo(c.maximumRetryCount());
    }

    record MemberCase(String name, byte[] body, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The HostConfig kept for inspect: the member Go decodes, compacted, as valid UTF-8 JSON. */
    static Stream<MemberCase> hostConfigMembers() {
        return Stream.of(
                new MemberCase("absent", bytes("{\"Image\":\"x\"}"), null),
                new MemberCase("null", bytes("{\"HostConfig\":null}"), null),
                new MemberCase("empty body", bytes(""), null),
                new MemberCase("top-level null", bytes("null"), null),
                new MemberCase("empty object", bytes("{}"), null),
                new MemberCase("as sent, compacted", bytes(" {\"Image\":\"x\", \"HostConfig\" : { \"Binds\" : "
                        + "[ \"/a:/b\" ] ,\"Foo\":{\"n\":[1.50, -2e3, true, false, null]}}\n} "),
                        "{\"Binds\":[\"/a:/b\"],\"Foo\":{\"n\":[1.50,-2e3,true,false,null]}}"),
                new MemberCase("key folded like Go", bytes("{\"hostconfig\":{\"Privileged\":true}}"),
                        "{\"Privileged\":true}"),
                new MemberCase("last of several wins", bytes("{\"HostConfig\":{\"A\":1},\"HOSTCONFIG\":{\"B\":2}}"),
                        "{\"B\":2}"),
                new MemberCase("null after a value", bytes("{\"HostConfig\":{\"A\":1},\"HostConfig\":null}"), null),
                new MemberCase("same name nested is not it", bytes("{\"Foo\":{\"HostConfig\":{\"A\":1}}}"), null),
                new MemberCase("invalid UTF-8 becomes U+FFFD", bytes("{\"HostConfig\":{\"L\":\"a", 0xff, "b\"}}"),
                        "{\"L\":\"a\ufffdb\"}"),
                new MemberCase("escapes re-encoded", bytes("{\"HostConfig\":{\"k\\u0041\":\"\\\"\\\\\\/\\u0001\\n"
                        + "\\ud83d\\ude00\\ud800\"}}"), "{\"kA\":\"\\\"\\\\/\\u0001\\n\ud83d\ude00\ufffd\"}"),
                new MemberCase("strings hiding brackets", bytes("{\"HostConfig\":{\"a\":\"}]\",\"b\":\"{\"}}"),
                        "{\"a\":\"}]\",\"b\":\"{\"}"),
                new MemberCase("deep", bytes("{\"HostConfig\":{\"Foo\":" + SmallStack.nest(9998, "[", "", "]") + "}}"),
                        "{\"Foo\":" + SmallStack.nest(9998, "[", "", "]") + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostConfigMembers")
    void memberJson_hostConfig_goMemberCompacted(MemberCase c) throws Exception {
        String json = SmallStack.run(() -> JsonBodies.memberJson(c.body(), ContainerCreateWire.Body.class,
                "HostConfig"));
        assertThat(json).isEqualTo(c.expected());
        if (json != null && json.length() < 1000) {
            JsonNode parsed = Json.MAPPER.readTree(json);
            assertThat(parsed.isObject()).isTrue();
        }
    }

    @Test
    void memberJson_unknownField_rejected() {
        assertThatThrownBy(() -> JsonBodies.memberJson(bytes("{}"), ContainerCreateWire.Body.class, "Nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
