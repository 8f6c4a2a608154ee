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
                new ErrorCase("beyond Go's 64-bit int", "{\"HostConfig\":{\"CpuShares\":9223372036854775808}}",
                        p + "number 9223372036854775808 into Go struct field HostConfig.HostConfig.CpuShares of type "
                                + "int"),
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

    @GoType("t.Ints")
    record Ints(int Int, Integer Boxed, long Int64, @GoType("int32") long Int32, @GoType("uint64") long Uint64,
                @GoType("uint") Long Uint, @GoType(value = "t.Small", kind = "uint64") int SmallUint64,
                @GoType("uint8") long Uint8) {
    }

    private static final Ints NO_INTS = new Ints(0, null, 0, 0, 0, null, 0, 0);

    record IntCase(String json, Ints expected, String error) {
        @Override
        public String toString() {
            return json;
        }
    }

    /**
     * Go's ranges on amd64 (int and uint are 64-bit, uint64 reaches 2^64-1) decide what is a type error; a value
     * in Go's range beyond the Java type saturates to its bound instead of failing.
     */
    static Stream<IntCase> ints() {
        String p = "json: cannot unmarshal number ";
        return Stream.of(
                new IntCase("{\"Int\":99999999999}", new Ints(Integer.MAX_VALUE, null, 0, 0, 0, null, 0, 0), null),
                new IntCase("{\"Int\":-99999999999}", new Ints(Integer.MIN_VALUE, null, 0, 0, 0, null, 0, 0), null),
                new IntCase("{\"Boxed\":9223372036854775807}",
                        new Ints(0, Integer.MAX_VALUE, 0, 0, 0, null, 0, 0), null),
                new IntCase("{\"Boxed\":-2147483648}", new Ints(0, Integer.MIN_VALUE, 0, 0, 0, null, 0, 0), null),
                new IntCase("{\"Boxed\":-0}", new Ints(0, 0, 0, 0, 0, null, 0, 0), null),
                new IntCase("{\"Int\":9223372036854775808}", null,
                        p + "9223372036854775808 into Go struct field Ints.Int of type int"),
                new IntCase("{\"Boxed\":-9223372036854775809}", null,
                        p + "-9223372036854775809 into Go struct field Ints.Boxed of type int"),
                new IntCase("{\"Int\":1.0}", null, p + "1.0 into Go struct field Ints.Int of type int"),
                new IntCase("{\"Int64\":-9223372036854775808}",
                        new Ints(0, null, Long.MIN_VALUE, 0, 0, null, 0, 0), null),
                new IntCase("{\"Int32\":2147483647}", new Ints(0, null, 0, Integer.MAX_VALUE, 0, null, 0, 0), null),
                new IntCase("{\"Int32\":2147483648}", null,
                        p + "2147483648 into Go struct field Ints.Int32 of type int32"),
                new IntCase("{\"Uint64\":18446744073709551615}",
                        new Ints(0, null, 0, 0, Long.MAX_VALUE, null, 0, 0), null),
                new IntCase("{\"Uint64\":9223372036854775807}",
                        new Ints(0, null, 0, 0, Long.MAX_VALUE, null, 0, 0), null),
                new IntCase("{\"Uint64\":18446744073709551616}", null,
                        p + "18446744073709551616 into Go struct field Ints.Uint64 of type uint64"),
                new IntCase("{\"Uint64\":-1}", null, p + "-1 into Go struct field Ints.Uint64 of type uint64"),
                new IntCase("{\"Uint64\":-0}", null, p + "-0 into Go struct field Ints.Uint64 of type uint64"),
                new IntCase("{\"Uint\":18446744073709551615}",
                        new Ints(0, null, 0, 0, 0, Long.MAX_VALUE, 0, 0), null),
                new IntCase("{\"Uint\":12}", new Ints(0, null, 0, 0, 0, 12L, 0, 0), null),
                new IntCase("{\"SmallUint64\":18446744073709551615}",
                        new Ints(0, null, 0, 0, 0, null, Integer.MAX_VALUE, 0), null),
                new IntCase("{\"SmallUint64\":-1}", null,
                        p + "-1 into Go struct field Ints.SmallUint64 of type t.Small"),
                new IntCase("{\"Uint8\":255}", new Ints(0, null, 0, 0, 0, null, 0, 255), null),
                new IntCase("{\"Uint8\":256}", null, p + "256 into Go struct field Ints.Uint8 of type uint8"),
                new IntCase("{\"Int\":null}", NO_INTS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ints")
    void decode_integer_goRangeJavaSaturates(IntCase c) {
        byte[] b = c.json().getBytes(StandardCharsets.UTF_8);
        if (c.error() == null) {
            assertThat(decodeQuietly(b, Ints.class)).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> GoJsonDecoder.decode(b, 0, b.length, Ints.class))
                    .isInstanceOf(GoJsonDecoder.TypeError.class)
                    .hasMessage(c.error());
        }
    }

    private static <T> T decodeQuietly(byte[] b, Class<T> type) {
        try {
            return GoJsonDecoder.decode(b, 0, b.length, type);
        } catch (GoJsonDecoder.TypeError e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Builds the interface {} value of {@code depth} nested arrays around an empty object. */
    private static Object nestedLists(int depth) {
        Object v = Map.of();
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    record DeepCase(String name, String json, CreateReq expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Depths up to Go's 10000 decode on a small stack: skipped keys and interface {} values are not recursive. */
    static Stream<DeepCase> deep() {
        String p = "json: cannot unmarshal ";
        Config ports = new Config(null, null, null, null, Map.of("80/tcp", nestedLists(9998)));
        return Stream.of(
                new DeepCase("deep unknown key skipped", "{\"Foo\":" + SmallStack.nest(9999, "[", "", "]")
                        + ",\"Image\":\"x\"}", new CreateReq(new Config("x", null, null, null, null), null), null),
                new DeepCase("deep unknown key in a nested struct", "{\"HostConfig\":{\"Foo\":"
                        + SmallStack.nest(9998, "{\"a\":", "1", "}") + ",\"Memory\":3}}",
                        new CreateReq(null, host(null, 3, false)), null),
                new DeepCase("deep interface value", "{\"ExposedPorts\":{\"80/tcp\":"
                        + SmallStack.nest(9998, "[", "{}", "]") + "}}", new CreateReq(ports, null), null),
                new DeepCase("deep interface value of objects", "{\"ExposedPorts\":"
                        + SmallStack.nest(9999, "{\"a\":", "null", "}") + "}", null, null),
                new DeepCase("deep wrong kind skipped", "{\"Cmd\":" + SmallStack.nest(9999, "[", "", "]") + "}", null,
                        p + "array into Go struct field CreateRequest.Config.Cmd of type string"),
                new DeepCase("number error deep inside an interface value", "{\"ExposedPorts\":{\"a\":"
                        + SmallStack.nest(5000, "[1,", "1e999", ",2]") + "}}", null,
                        p + "number 1e999 into Go struct field CreateRequest.Config.ExposedPorts of type float64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deep")
    void decode_deepNesting_noRecursion(DeepCase c) throws Exception {
        byte[] b = c.json().getBytes(StandardCharsets.UTF_8);
        if (c.error() != null) {
            assertThatThrownBy(() -> SmallStack.run(() -> GoJsonDecoder.decode(b, 0, b.length, CreateReq.class)))
                    .isInstanceOf(GoJsonDecoder.TypeError.class)
                    .hasMessage(c.error());
            return;
        }
        CreateReq r = SmallStack.run(() -> GoJsonDecoder.decode(b, 0, b.length, CreateReq.class));
        if (c.expected() != null) {
            // Comparing deep values recurses: do it on a stack that allows it.
            assertThat(SmallStack.runLarge(() -> r.equals(c.expected()))).isTrue();
        } else {
            Object v = r.Config().ExposedPorts().get("a");
            int depth = 1;
            while (v instanceof Map<?, ?> m && m.get("a") != null) {
                v = m.get("a");
                depth++;
            }
            assertThat(depth).isEqualTo(9998);
        }
    }

    @Test
    void decode_interfaceValues_goShapes() throws GoJsonDecoder.TypeError {
        byte[] b = ("{\"ExposedPorts\":{\"a\":[1,[],{},[{\"x\":[true,false,null,\"s\"]}],-2.5e1],\"b\":{},"
                + "\"c\":null,\"d\":{\"k\":1,\"k\":2},\"e\":\"\\u00e9\"}}").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("a", List.of(1.0, List.of(), Map.of(), List.of(Map.of("x", java.util.Arrays.asList(true, false,
                null, "s"))), -25.0));
        expected.put("b", Map.of());
        expected.put("c", null);
        expected.put("d", Map.of("k", 2.0));
        expected.put("e", "\u00e9");
        assertThat(GoJsonDecoder.decode(b, 0, b.length, CreateReq.class).Config().ExposedPorts())
                .isEqualTo(expected);
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
