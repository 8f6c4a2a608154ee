package dev.berth.api;

import dev.berth.api.wire.VolumeWire.CreateRequest;
import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
                assertThat(r).isEqualTo(new CreateRequest(null, null, null, null));
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
                new BodyCase("empty object", "{}", new CreateRequest(null, null, null, null), null),
                new BodyCase("all fields", "{\"Name\":\"qq\",\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"tmpfs\"},"
                        + "\"Labels\":{\"a\":\"b\"}}",
                        new CreateRequest("qq", "local", Map.of("type", "tmpfs"), Map.of("a", "b")), null),
                new BodyCase("explicit nulls", "{\"Name\":null,\"Driver\":null,\"DriverOpts\":null,\"Labels\":null}",
                        new CreateRequest(null, null, null, null), null),
                new BodyCase("unknown fields ignored", "{\"Foo\":[1,{}],\"Name\":\"a\",\"ClusterVolumeSpec\":null}",
                        new CreateRequest("a", null, null, null), null),
                new BodyCase("duplicate key, last wins", "{\"Name\":\"a\",\"Name\":\"b\"}",
                        new CreateRequest("b", null, null, null), null),
                new BodyCase("whitespace around", "\n {\"Name\":\"a\"} \n", new CreateRequest("a", null, null, null),
                        null),
                new BodyCase("closing brace after value", "{\"Name\":\"a\"}}", new CreateRequest("a", null, null, null),
                        null),
                new BodyCase("syntax error", "{invalid", null,
                        "invalid JSON: invalid character 'i' looking for beginning of object key string"),
                new BodyCase("cut short", "{\"Name\":", null, "invalid JSON: unexpected EOF"),
                new BodyCase("bad escape", "{\"Name\":\"\\q\"}", null,
                        "invalid JSON: invalid character 'q' in string escape code"),
                new BodyCase("content after JSON", "{} x", null, "unexpected content after JSON"),
                new BodyCase("second object", "{}{}", null, "unexpected content after JSON"),
                new BodyCase("top-level null is an empty request", "null", new CreateRequest(null, null, null, null),
                        null),
                new BodyCase("key matched ignoring case", "{\"NAME\":\"a\",\"dRiVeR\":\"local\"}",
                        new CreateRequest("a", "local", null, null), null),
                new BodyCase("two spellings of a key: last wins", "{\"Name\":\"a\",\"name\":\"b\"}",
                        new CreateRequest("b", null, null, null), null),
                new BodyCase("repeated map merges", "{\"Labels\":{\"a\":\"1\"},\"Labels\":{\"b\":\"2\"}}",
                        new CreateRequest(null, null, null, Map.of("a", "1", "b", "2")), null),
                new BodyCase("null label value is empty", "{\"Labels\":{\"a\":null}}",
                        new CreateRequest(null, null, null, Map.of("a", "")), null),
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
                .isEqualTo(new CreateRequest("qq", null, null, Map.of("a", "b")));
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
}
