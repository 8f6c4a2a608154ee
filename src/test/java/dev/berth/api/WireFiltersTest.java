package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code filters} query parameter (moby filters.FromJSON, parse_test.go TestFromJSON). */
class WireFiltersTest {

    record Case(String name, String json, Map<String, List<String>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, List<String>> m(Object... kv) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) kv[i + 1];
            out.put((String) kv[i], values);
        }
        return out;
    }

    static Stream<Case> valid() {
        return Stream.of(
                new Case("absent", null, m()),
                new Case("empty string", "", m()),
                new Case("JSON null", "null", m()),
                new Case("empty object", "{}", m()),
                new Case("moby client form", "{\"dangling\":{\"true\":true}}", m("dangling", List.of("true"))),
                new Case("legacy list form", "{\"label\":[\"a=b\",\"c\"]}", m("label", List.of("a=b", "c"))),
                new Case("moby form, two values", "{\"key\": {\"value1\": true, \"value2\": true}}",
                        m("key", List.of("value1", "value2"))),
                new Case("legacy form, two values", "{\"key\": [\"value1\", \"value2\"]}",
                        m("key", List.of("value1", "value2"))),
                new Case("moby form, two keys", "{\"key1\": {\"value1\": true}, \"key2\": {\"value2\": true}}",
                        m("key1", List.of("value1"), "key2", List.of("value2"))),
                new Case("legacy form, two keys", "{\"key1\": [\"value1\"], \"key2\": [\"value2\"]}",
                        m("key1", List.of("value1"), "key2", List.of("value2"))),
                new Case("false keeps the value", "{\"k\":{\"v\":false}}", m("k", List.of("v"))),
                new Case("null values: key without values", "{\"k\":null}", m("k", List.of())),
                new Case("empty list: key without values", "{\"k\":[]}", m("k", List.of())),
                new Case("empty set: key without values", "{\"k\":{}}", m("k", List.of())),
                new Case("duplicate values collapse", "{\"k\":[\"v\",\"v\"]}", m("k", List.of("v"))),
                new Case("whitespace", " \n{ \"k\" : [ \"v\" ] }\t", m("k", List.of("v"))),
                new Case("escapes decoded", "{\"label\":[\"a=\\u00e9\\\"\"]}", m("label", List.of("a=\u00e9\""))),
                new Case("null boolean keeps the value (Go leaves false)", "{\"k\":{\"v\":null}}",
                        m("k", List.of("v"))),
                new Case("null string in a list is the empty value", "{\"k\":[null,\"v\"]}",
                        m("k", List.of("", "v"))),
                new Case("repeated key: the last one wins", "{\"k\":{\"a\":true},\"k\":{\"b\":true}}",
                        m("k", List.of("b"))),
                new Case("repeated legacy key: the last one wins", "{\"k\":[\"a\"],\"k\":[\"b\"]}",
                        m("k", List.of("b"))),
                new Case("lone surrogate escape decodes to U+FFFD", "{\"k\":[\"\\ud800x\"]}",
                        m("k", List.of("\ufffdx"))),
                new Case("surrogate pair decodes to one rune", "{\"k\":[\"\\ud83d\\ude00\"]}",
                        m("k", List.of("\ud83d\ude00"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parse_validJson_filterArgs(Case c) {
        FilterArgs args = WireFilters.parse(c.json());
        assertThat(args.args().keySet()).containsExactlyElementsOf(c.expected().keySet());
        c.expected().forEach((k, v) -> assertThat(args.values(k)).containsExactlyElementsOf(v));
    }

    /** Rows Docker's FromJSON rejects (neither map[string]map[string]bool nor map[string][]string). */
    static Stream<String> invalid() {
        return Stream.of(
                "anything",
                "['a','list']",
                "{'key': 'value'}",
                "{\"key\": \"value\"}",
                "[]",
                "\"x\"",
                "1",
                "true",
                "{\"k\":{\"v\":\"yes\"}}",
                "{\"k\":{\"v\":1}}",
                "{\"k\":[1]}",
                "{\"k\":[[\"v\"]]}",
                "{\"k\":[\"v\"]",
                "{\"k\":",
                "{} x",
                "{}{}",
                " ",
                "{\"k\":[\"v\"]} ,");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void parse_invalidJson_invalidArgument(String json) {
        assertThatThrownBy(() -> WireFilters.parse(json)).isInstanceOf(InvalidArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void parse_invalidJson_dockerInvalidFilter(String json) {
        assertThatThrownBy(() -> WireFilters.parse(json))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter");
    }

    /** Docker decodes the whole value in one of the two forms, so mixing them or trailing braces fail. */
    static Stream<String> invalidButAccepted() {
        return Stream.of(
                "{\"a\":{\"x\":true},\"b\":[\"y\"]}",
                "{}}",
                "{\"k\":[\"v\"]}]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidButAccepted")
    void parse_mixedOrTrailing_dockerInvalidFilter(String json) {
        assertThatThrownBy(() -> WireFilters.parse(json))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parse_result_isImmutableFilterArgs(Case c) {
        FilterArgs args = WireFilters.parse(c.json());
        assertThatThrownBy(() -> args.args().put("x", Set.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
