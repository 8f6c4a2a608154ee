package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.wire.GoEmbedded;
import dev.berth.api.wire.GoType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Go's encoding/json decoding into nested structs (decode.go): UnmarshalTypeError texts with the innermost struct's
 * name and the full field path, embedded structs, case-insensitive keys, null and repeated-key semantics.
 */
class GoJsonDecoderTest {

    @GoType("container.CreateRequest")
    record CreateReq(@GoEmbedded Config Config, HostConfig HostConfig) {
    }

    @GoType("container.Config")
    record Config(String Image, List<String> Cmd, Map<String, String> Labels, Boolean Tty,
                  Map<String, Object> ExposedPorts) {
    }

    @GoType("container.HostConfig")
    record HostConfig(List<Mount> Mounts, long Memory, int CpuShares, boolean Privileged,
                      @GoType(value = "fs.FileMode", kind = "uint32") long Mode, double Cpus) {
    }

    @GoType("mount.Mount")
    record Mount(@GoType("mount.Type") String Type, String Source, String Target, boolean ReadOnly,
                 BindOptions BindOptions) {
    }

    @GoType("mount.BindOptions")
    record BindOptions(@GoType("mount.Propagation") String Propagation, boolean NonRecursive) {
    }

    private static final Mount EMPTY_MOUNT = new Mount(null, null, null, false, null);
    private static final HostConfig EMPTY_HOST = new HostConfig(null, 0, 0, false, 0, 0);
    private static final Config EMPTY_CONFIG = new Config(null, null, null, null, null);

    private static CreateReq decode(String json) throws GoJsonDecoder.TypeError {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return GoJsonDecoder.decode(b, 0, b.length, CreateReq.class);
    }

    private static HostConfig host(List<Mount> mounts, long memory, boolean privileged) {
        return new HostConfig(mounts, memory, 0, privileged, 0, 0);
    }

    record Case(String name, String json, CreateReq expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> values() {
        return Stream.of(
                new Case("empty object", "{}", new CreateReq(null, null)),
                new Case("top-level null is the zero struct", "null", new CreateReq(null, null)),
                new Case("embedded fields at the top level", "{\"Image\":\"busybox\",\"Cmd\":[\"ls\",\"-l\"]}",
                        new CreateReq(new Config("busybox", List.of("ls", "-l"), null, null, null), null)),
                new Case("keys match case-insensitively", "{\"image\":\"b\",\"HOSTCONFIG\":{\"privileged\":true}}",
                        new CreateReq(new Config("b", null, null, null, null), host(null, 0, true))),
                new Case("nested list of structs", "{\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/a\","
                        + "\"Target\":\"/b\",\"ReadOnly\":true,\"BindOptions\":{\"Propagation\":\"rshared\"}}]}}",
                        new CreateReq(null, host(List.of(new Mount("bind", "/a", "/b", true,
                                new BindOptions("rshared", false))), 0, false))),
                new Case("numbers of each Java width", "{\"HostConfig\":{\"Memory\":9007199254740993,"
                        + "\"CpuShares\":-2147483648,\"Mode\":4294967295,\"Cpus\":1.5e0}}",
                        new CreateReq(null, new HostConfig(null, 9007199254740993L, Integer.MIN_VALUE, false,
                                4294967295L, 1.5))),
                new Case("null leaves a scalar as the first key set it", "{\"HostConfig\":{\"Memory\":5,"
                        + "\"Memory\":null},\"Tty\":true,\"Tty\":null}",
                        new CreateReq(new Config(null, null, null, true, null), host(null, 5, false))),
                new Case("null clears a slice, a map and a struct", "{\"Cmd\":[\"a\"],\"Cmd\":null,\"Labels\":{},"
                        + "\"Labels\":null,\"HostConfig\":{\"Memory\":1},\"HostConfig\":null}",
                        new CreateReq(EMPTY_CONFIG, null)),
                new Case("null primitive stays zero", "{\"HostConfig\":{\"Privileged\":null,\"Memory\":null}}",
                        new CreateReq(null, EMPTY_HOST)),
                new Case("repeated struct key merges", "{\"HostConfig\":{\"Memory\":1},\"HostConfig\":"
                        + "{\"Privileged\":true}}", new CreateReq(null, host(null, 1, true))),
                new Case("repeated map key merges", "{\"Labels\":{\"a\":\"1\"},\"Labels\":{\"b\":\"2\"}}",
                        new CreateReq(new Config(null, null, Map.of("a", "1", "b", "2"), null, null), null)),
                new Case("repeated slice decodes into its old elements", "{\"HostConfig\":{\"Mounts\":[{\"Type\":"
                        + "\"bind\"},{\"Type\":\"volume\"}]},\"HostConfig\":{\"Mounts\":[{\"Target\":\"/b\"}]}}",
                        new CreateReq(null, host(List.of(new Mount("bind", null, "/b", false, null)), 0, false))),
                new Case("two spellings of one field: last wins", "{\"Image\":\"a\",\"IMAGE\":\"b\"}",
                        new CreateReq(new Config("b", null, null, null, null), null)),
                new Case("null map value is the empty string", "{\"Labels\":{\"a\":null}}",
                        new CreateReq(new Config(null, null, Map.of("a", ""), null, null), null)),
                new Case("null slice element is the empty string", "{\"Cmd\":[null,\"x\"]}",
                        new CreateReq(new Config(null, List.of("", "x"), null, null, null), null)),
                new Case("null struct element is the zero struct", "{\"HostConfig\":{\"Mounts\":[null]}}",
                        new CreateReq(null, host(List.of(EMPTY_MOUNT), 0, false))),
                new Case("interface values as Go makes them", "{\"ExposedPorts\":{\"80/tcp\":{},\"n\":[1,true,"
                        + "null,\"s\"]}}", new CreateReq(new Config(null, null, null, null,
                        Map.of("80/tcp", Map.of(), "n", java.util.Arrays.asList(1.0, true, null, "s"))), null)),
                new Case("unknown keys of any kind are skipped", "{\"Foo\":{\"a\":[1,{\"b\":\"}\"}]},\"Bar\":\"]\","
                        + "\"Image\":\"x\"}", new CreateReq(new Config("x", null, null, null, null), null)),
                new Case("escapes and surrogates", "{\"Image\":\"\\u00e9\\ud83d\\ude00\\ud800\\u0041\\n\\/\"}",
                        new CreateReq(new Config("\u00e9\ud83d\ude00\ufffdA\n/", null, null, null, null), null)),
                new Case("a low surrogate alone", "{\"Image\":\"\\udc00x\"}",
                        new CreateReq(new Config("\ufffdx", null, null, null, null), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void decode_json_goValue(Case c) throws GoJsonDecoder.TypeError {
        assertThat(decode(c.json())).isEqualTo(c.expected());
    }

    record ErrorCase(String name, String json, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errors() {
        String p = "json: cannot unmarshal ";
        return Stream.of(
                new ErrorCase("top-level kind", "[]", p + "array into Go value of type container.CreateRequest"),
                new ErrorCase("top-level string", "\"x\"", p + "string into Go value of type container.CreateRequest"),
                new ErrorCase("embedded field path", "{\"Image\":1}",
                        p + "number into Go struct field CreateRequest.Config.Image of type string"),
                new ErrorCase("struct-typed field", "{\"HostConfig\":1}",
                        p + "number into Go struct field CreateRequest.HostConfig of type container.HostConfig"),
                new ErrorCase("innermost struct named, full path", "{\"HostConfig\":{\"Mounts\":[{\"Type\":1}]}}",
                        p + "number into Go struct field Mount.HostConfig.Mounts.Type of type mount.Type"),
                new ErrorCase("three structs deep", "{\"HostConfig\":{\"Mounts\":[{\"BindOptions\":"
                        + "{\"Propagation\":true}}]}}", p + "bool into Go struct field "
                        + "BindOptions.HostConfig.Mounts.BindOptions.Propagation of type mount.Propagation"),
                new ErrorCase("string for a slice", "{\"Cmd\":\"ls\"}",
                        p + "string into Go struct field CreateRequest.Config.Cmd of type []string"),
                new ErrorCase("slice element", "{\"Cmd\":[\"ls\",1]}",
                        p + "number into Go struct field CreateRequest.Config.Cmd of type string"),
                new ErrorCase("map value", "{\"Labels\":{\"a\":[]}}",
                        p + "array into Go struct field CreateRequest.Config.Labels of type string"),
                new ErrorCase("object for a slice of structs", "{\"HostConfig\":{\"Mounts\":{}}}",
                        p + "object into Go struct field HostConfig.HostConfig.Mounts of type []mount.Mount"),
                new ErrorCase("fraction for int64", "{\"HostConfig\":{\"Memory\":1.5}}",
                        p + "number 1.5 into Go struct field HostConfig.HostConfig.Memory of type int64"),
                new ErrorCase("exponent for int64", "{\"HostConfig\":{\"Memory\":1e3}}",
                        p + "number 1e3 into Go struct field HostConfig.HostConfig.Memory of type int64"),
                new ErrorCase("beyond int64", "{\"HostConfig\":{\"Memory\":9223372036854775808}}", p
                        + "number 9223372036854775808 into Go struct field HostConfig.HostConfig.Memory of type int64"),
                new ErrorCase("negative for a uint32 kind", "{\"HostConfig\":{\"Mode\":-1}}",
                        p + "number -1 into Go struct field HostConfig.HostConfig.Mode of type fs.FileMode"),
                new ErrorCase("beyond uint32", "{\"HostConfig\":{\"Mode\":4294967296}}",
                        p + "number 4294967296 into Go struct field HostConfig.HostConfig.Mode of type fs.FileMode"),
                new ErrorCase("beyond a Java int", "{\"HostConfig\":{\"CpuShares\":2147483648}}",
                        p + "number 2147483648 into Go struct field HostConfig.HostConfig.CpuShares of type int"),
                new ErrorCase("float64 overflow", "{\"HostConfig\":{\"Cpus\":1e400}}",
                        p + "number 1e400 into Go struct field HostConfig.HostConfig.Cpus of type float64"),
                new ErrorCase("interface number overflow", "{\"ExposedPorts\":{\"a\":-1e400}}",
                        p + "number -1e400 into Go struct field CreateRequest.Config.ExposedPorts of type float64"),
                new ErrorCase("string for bool", "{\"Tty\":\"true\"}",
                        p + "string into Go struct field CreateRequest.Config.Tty of type bool"),
                new ErrorCase("the first error wins", "{\"HostConfig\":{\"Privileged\":1},\"Image\":2}",
                        p + "number into Go struct field HostConfig.HostConfig.Privileged of type bool"),
                new ErrorCase("context restored after a struct", "{\"HostConfig\":{},\"Image\":2}",
                        p + "number into Go struct field CreateRequest.Config.Image of type string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void decode_wrongKind_goUnmarshalTypeError(ErrorCase c) {
        assertThatThrownBy(() -> decode(c.json()))
                .isInstanceOf(GoJsonDecoder.TypeError.class)
                .hasMessage(c.error());
    }

    @Test
    void decode_invalidUtf8InString_replacementPerByte() throws GoJsonDecoder.TypeError {
        byte[] b = {'{', '"', 'I', 'm', 'a', 'g', 'e', '"', ':', '"', 'a', (byte) 0xff, (byte) 0xe2, (byte) 0x82, 'b',
                '"', '}'};
        assertThat(GoJsonDecoder.decode(b, 0, b.length, CreateReq.class).Config().Image())
                .isEqualTo("a\ufffd\ufffd\ufffdb");
    }

    @GoType("t.Outer")
    record Outer(@GoEmbedded Left Left, @GoEmbedded Right Right, String Name) {
    }

    @GoType("t.Left")
    record Left(String X, String Name, String Only) {
    }

    @GoType("t.Right")
    record Right(String X) {
    }

    @Test
    void decode_embeddedNameClash_shallowWinsAndTiesHide() throws GoJsonDecoder.TypeError {
        byte[] b = "{\"X\":\"x\",\"Name\":\"n\",\"Only\":\"o\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(GoJsonDecoder.decode(b, 0, b.length, Outer.class))
                .isEqualTo(new Outer(new Left(null, null, "o"), null, "n"));
    }

    @GoType("t.Folded")
    record Folded(String Foo, String FOO, @JsonProperty("host-name") String hostName) {
    }

    @Test
    void decode_foldedKey_firstFieldWinsExactStillExact() throws GoJsonDecoder.TypeError {
        byte[] b = "{\"foo\":\"1\",\"FOO\":\"2\",\"HOST-NAME\":\"h\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(GoJsonDecoder.decode(b, 0, b.length, Folded.class)).isEqualTo(new Folded("1", "2", "h"));
    }

    record Unannotated(String Name) {
    }

    @GoType("t.WithSet")
    record WithSet(Set<String> Names) {
    }

    @Test
    void of_recordWithoutGoType_rejected() {
        assertThatThrownBy(() -> GoShape.of(Unannotated.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no @GoType");
    }

    @Test
    void of_unsupportedComponentType_rejected() {
        assertThatThrownBy(() -> GoShape.of(WithSet.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Go shape for java.util.Set<java.lang.String>");
    }

    @GoType("t.Checked")
    record Checked(String Name) {
        Checked {
            if ("bad".equals(Name)) {
                throw new dev.berth.errors.InvalidArgumentException("bad name");
            }
        }
    }

    @Test
    void decode_compactConstructorThrows_exceptionPropagates() {
        byte[] b = "{\"Name\":\"bad\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GoJsonDecoder.decode(b, 0, b.length, Checked.class))
                .isInstanceOf(dev.berth.errors.InvalidArgumentException.class)
                .hasMessage("bad name");
    }
}
