package dev.berth.filter;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows follow moby's filters parse_test.go (GetBoolOrDefault, Match, MatchKVList, ExactMatch, Validate). */
class FilterArgsTest {

    private static FilterArgs args(String key, String... values) {
        return FilterArgs.of(key, values);
    }

    record ValidateCase(String name, FilterArgs args, Set<String> accepted, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ValidateCase> validateCases() {
        Set<String> list = Set.of("dangling", "name", "driver", "label");
        return Stream.of(
                new ValidateCase("empty", FilterArgs.EMPTY, list, null),
                new ValidateCase("accepted key", args("name", "x"), list, null),
                new ValidateCase("unknown key", args("x", "1"), list, "invalid filter 'x'"),
                new ValidateCase("unknown key without values", args("bogus"), list, "invalid filter 'bogus'"),
                new ValidateCase("case matters", args("Name", "x"), list, "invalid filter 'Name'"),
                new ValidateCase("label! not accepted on list", args("label!", "a"), list,
                        "invalid filter 'label!'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validateCases")
    void validate_keys_acceptedOrInvalidFilter(ValidateCase c) {
        if (c.error() == null) {
            c.args().validate(c.accepted());
        } else {
            assertThatThrownBy(() -> c.args().validate(c.accepted()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    record BoolCase(String name, String[] values, Boolean expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BoolCase> boolCases() {
        return Stream.of(
                new BoolCase("single true", new String[] {"true"}, true, null),
                new BoolCase("single false", new String[] {"false"}, false, null),
                new BoolCase("1 means true", new String[] {"1"}, true, null),
                new BoolCase("0 means false", new String[] {"0"}, false, null),
                new BoolCase("true and 1", new String[] {"true", "1"}, true, null),
                new BoolCase("true and invalid", new String[] {"true", "invalid"}, true, null),
                new BoolCase("invalid and 0", new String[] {"invalid", "0"}, false, null),
                new BoolCase("single bad value", new String[] {"invalid"}, null, "invalid filter 'dangling=[invalid]'"),
                new BoolCase("case-sensitive TRUE", new String[] {"TRUE"}, null, "invalid filter 'dangling=[TRUE]'"),
                new BoolCase("case-sensitive True", new String[] {"True"}, null, "invalid filter 'dangling=[True]'"),
                new BoolCase("two bad values", new String[] {"banana", "potato"}, null,
                        "invalid filter 'dangling=[banana potato]'"),
                new BoolCase("true and false conflict", new String[] {"true", "false"}, null,
                        "invalid filter 'dangling=[true false]'"),
                new BoolCase("1 and 0 conflict", new String[] {"1", "0"}, null, "invalid filter 'dangling=[1 0]'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boolCases")
    void boolValue_values_goGetBoolOrDefault(BoolCase c) {
        FilterArgs a = args("dangling", c.values());
        if (c.error() == null) {
            assertThat(a.boolValue("dangling")).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> a.boolValue("dangling"))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void boolValue_keyWithoutValues_invalidFilterWithoutValue() {
        assertThatThrownBy(() -> args("dangling").boolValue("dangling"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'dangling'");
    }

    @Test
    void boolValue_absentKey_null() {
        assertThat(args("name", "x").boolValue("dangling")).isNull();
    }

    record MatchCase(String name, FilterArgs args, String source, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MatchCase> matchCases() {
        return Stream.of(
                new MatchCase("no filter matches all", FilterArgs.EMPTY, "today", true),
                new MatchCase("exact", args("created", "today"), "today", true),
                new MatchCase("regex star", args("created", "to*"), "today", true),
                new MatchCase("regex group", args("created", "to(.*)"), "today", true),
                new MatchCase("substring prefix", args("created", "tod"), "today", true),
                new MatchCase("any of several", args("created", "anything", "to*"), "today", true),
                new MatchCase("substring in the middle", args("name", "testisin"), "testisinuse1", true),
                new MatchCase("anchored regex", args("name", "^vol$"), "vol", true),
                new MatchCase("anchored regex rejects longer", args("name", "^vol$"), "vol2", false),
                new MatchCase("different", args("created", "tomorrow"), "today", false),
                new MatchCase("bad regex never matches", args("created", "to(day"), "today", false),
                new MatchCase("bad regex matches exact text", args("created", "to(day"), "to(day", true),
                new MatchCase("regex no match", args("created", "tom(.*)"), "today", false),
                new MatchCase("longer value", args("created", "today1"), "today", false),
                new MatchCase("other key only", args("labels", "today"), "today", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchCases")
    void match_values_exactOrRegex(MatchCase c) {
        String key = c.args().isEmpty() || c.args().contains("labels") ? "created" : firstKey(c.args());
        assertThat(c.args().matcher(key).test(c.source())).isEqualTo(c.matches());
    }

    private static String firstKey(FilterArgs a) {
        return a.args().keySet().iterator().next();
    }

    /** Go regexp (RE2) semantics, where java.util.regex differs or rejects; expectations are Go's MatchString. */
    static Stream<MatchCase> goRegexpCases() {
        return Stream.of(
                new MatchCase("named group (?P<x>)", args("name", "(?P<x>^j1$)"), "j1", true),
                new MatchCase("named group (?P<x>) anchored", args("name", "(?P<x>^j1$)"), "j10", false),
                new MatchCase("named group (?<x>)", args("name", "(?<x>^j1$)"), "j1", true),
                new MatchCase("POSIX class", args("name", "[[:alpha:]]8$"), "x8", true),
                new MatchCase("POSIX class rejects digit", args("name", "[[:alpha:]]8$"), "18", false),
                new MatchCase("negated POSIX class", args("name", "^[[:^digit:]]+$"), "abc", true),
                new MatchCase("^ anchors at start", args("name", "^vol"), "myvol", false),
                new MatchCase("$ is end of text, not before a final newline", args("name", "vol$"), "vol\n", false),
                new MatchCase("\\A and \\z", args("name", "\\Avol\\z"), "vol", true),
                new MatchCase("\\z rejects longer", args("name", "\\Avol\\z"), "vol2", false),
                new MatchCase("(?m) makes $ match at a newline", args("name", "(?m)^vol$"), "x\nvol\ny", true),
                new MatchCase("case-sensitive by default", args("name", "^VOL"), "vol1", false),
                new MatchCase("(?i)", args("name", "(?i)^VOL"), "vol1", true),
                new MatchCase("(?i:...) scoped", args("name", "^(?i:v)OL"), "vOL", true),
                new MatchCase("(?i:...) scoped, rest case-sensitive", args("name", "^(?i:v)OL"), "vol", false),
                new MatchCase("(?i) folds Unicode: k and Kelvin sign", args("name", "(?i)^k$"), "\u212a", true),
                new MatchCase("\\pL letter", args("name", "^\\pL+$"), "données", true),
                new MatchCase("\\p{Greek}", args("name", "^\\p{Greek}+$"), "αβγ", true),
                new MatchCase("\\p{Greek} rejects Latin", args("name", "^\\p{Greek}+$"), "abc", false),
                new MatchCase("\\PL non-letter", args("name", "^\\PL+$"), "123", true),
                new MatchCase("\\w is ASCII", args("name", "^\\w+$"), "é", false),
                new MatchCase(". excludes newline", args("name", "^a.b$"), "a\nb", false),
                new MatchCase("(?s) . includes newline", args("name", "(?s)^a.b$"), "a\nb", true),
                new MatchCase("\\x{..} escape", args("name", "^\\x{41}\\x42$"), "AB", true),
                new MatchCase("\\Q..\\E literal", args("name", "^\\Qa.b\\E$"), "a.b", true),
                new MatchCase("\\Q..\\E literal rejects", args("name", "^\\Qa.b\\E$"), "axb", false),
                new MatchCase("counted repetition", args("name", "^v{2,3}$"), "vvv", true),
                new MatchCase("brace without count is literal", args("name", "^a{,2}$"), "a{,2}", true),
                new MatchCase("lazy quantifier", args("name", "^a+?b$"), "aab", true),
                new MatchCase("lookahead is not Go syntax", args("name", "vol(?=1)"), "vol1", false),
                new MatchCase("backreference is not Go syntax", args("name", "(a)\\1"), "aa", false),
                new MatchCase("possessive is not Go syntax", args("name", "a++"), "aa", false),
                new MatchCase("\\Z is not Go syntax", args("name", "vol\\Z"), "vol", false),
                new MatchCase("invalid value still matches itself", args("name", "vol\\Z"), "vol\\Z", true),
                new MatchCase("invalid value does not hide valid ones", args("name", "to(day", "^to"), "today", true),
                new MatchCase("nested repeat over 1000 is invalid", args("name", "(?:a{2}){501}"), "a".repeat(1002),
                        false),
                new MatchCase("nested repeat of 1000 is valid", args("name", "^(?:a{2}){500}$"), "a".repeat(1000),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goRegexpCases")
    void match_goRegexpSyntax_asDockerd(MatchCase c) {
        assertThat(c.args().matcher("name").test(c.source())).isEqualTo(c.matches());
        assertThat(c.args().matcher("name").test(c.source())).isEqualTo(c.matches());
    }

    @Test
    void matcher_catastrophicForBacktracking_linearOverThousandsOfNames() {
        // (.*a){22}$ over ~40 a's and a mismatching tail backtracks exponentially in java.util.regex.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            names.add("a".repeat(30 + i % 10) + (i % 100 == 0 ? "" : "-" + i));
        }
        ValueMatcher m = args("name", "(.*a){22}$").matcher("name");
        assertThat(names.stream().filter(m).count()).isEqualTo(40);
    }

    @Test
    void matcher_noValues_matchesEverything() {
        assertThat(FilterArgs.EMPTY.matcher("name").test("x")).isTrue();
        assertThat(args("name").matcher("name").test("x")).isTrue();
    }

    static Stream<MatchCase> exactCases() {
        FilterArgs status = args("status", "running", "pause*");
        return Stream.of(
                new MatchCase("no filter", FilterArgs.EMPTY, "running", true),
                new MatchCase("one of the values", status, "running", true),
                new MatchCase("no regex", status, "paused", false),
                new MatchCase("no substring", args("status", "run"), "running", false),
                new MatchCase("key without values", args("status"), "running", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactCases")
    void exactMatch_values_exactOnly(MatchCase c) {
        assertThat(c.args().exactMatch("status", c.source())).isEqualTo(c.matches());
    }

    record LabelsCase(String name, String[] conditions, Map<String, String> labels, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LabelsCase> labelsCases() {
        Map<String, String> sources = Map.of("key1", "value1", "key2", "value2", "key3", "value3");
        return Stream.of(
                new LabelsCase("no filter", new String[] {}, sources, true),
                new LabelsCase("key present", new String[] {"key1"}, sources, true),
                new LabelsCase("key=value", new String[] {"key1=value1"}, sources, true),
                new LabelsCase("AND of two", new String[] {"key1=value1", "key2"}, sources, true),
                new LabelsCase("AND with one missing", new String[] {"key1", "key4"}, sources, false),
                new LabelsCase("key missing", new String[] {"key4"}, sources, false),
                new LabelsCase("wrong value", new String[] {"key1=value3"}, sources, false),
                new LabelsCase("empty value condition", new String[] {"e="}, Map.of("e", ""), true),
                new LabelsCase("empty value condition, non-empty label", new String[] {"e="}, Map.of("e", "x"), false),
                new LabelsCase("value with =", new String[] {"k=a=b"}, Map.of("k", "a=b"), true),
                new LabelsCase("empty labels", new String[] {"key1"}, Map.of(), false),
                new LabelsCase("null labels", new String[] {"key1"}, null, false),
                new LabelsCase("no filter, empty labels", new String[] {}, Map.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelsCases")
    void matchLabels_conditions_allMustHold(LabelsCase c) {
        FilterArgs a = c.conditions().length == 0 ? FilterArgs.EMPTY : args("label", c.conditions());
        assertThat(a.matchLabels("label", c.labels())).isEqualTo(c.matches());
    }

    static Stream<LabelsCase> labelMatchesCases() {
        return Stream.of(
                new LabelsCase("key", new String[] {"a"}, Map.of("a", "1"), true),
                new LabelsCase("key with empty value", new String[] {"a"}, Map.of("a", ""), true),
                new LabelsCase("key=value", new String[] {"a=1"}, Map.of("a", "1"), true),
                new LabelsCase("key=other", new String[] {"a=2"}, Map.of("a", "1"), false),
                new LabelsCase("missing key", new String[] {"b"}, Map.of("a", "1"), false),
                new LabelsCase("key= matches empty", new String[] {"a="}, Map.of("a", ""), true),
                new LabelsCase("null labels", new String[] {"a"}, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelMatchesCases")
    void labelMatches_condition_keyOrKeyValue(LabelsCase c) {
        assertThat(FilterArgs.labelMatches(c.conditions()[0], c.labels())).isEqualTo(c.matches());
    }

    @Test
    void with_addsValueWithoutChangingOriginal() {
        FilterArgs a = args("label", "a");
        FilterArgs b = a.with("label", "b").with("all", "true");
        assertThat(a.values("label")).containsExactly("a");
        assertThat(b.values("label")).containsExactly("a", "b");
        assertThat(b.values("all")).containsExactly("true");
    }

    @Test
    void constructor_copiesInput_immutable() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        Set<String> values = new LinkedHashSet<>(Arrays.asList("x"));
        m.put("k", values);
        FilterArgs a = new FilterArgs(m);
        values.add("y");
        m.put("other", Set.of());
        assertThat(a.values("k")).containsExactly("x");
        assertThat(a.contains("other")).isFalse();
        assertThatThrownBy(() -> a.values("k").add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void goList_values_goSliceRendering() {
        assertThat(FilterArgs.goList(java.util.List.of("a", "b"))).isEqualTo("[a b]");
        assertThat(FilterArgs.goList(java.util.List.of())).isEqualTo("[]");
    }
}
