package dev.berth.volume.driver;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's {@code %q} (strconv.Quote). */
class GoQuoteTest {

    record Case(String name, String input, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("plain", "hello", "\"hello\""),
                new Case("empty", "", "\"\""),
                new Case("space", "hello world", "\"hello world\""),
                new Case("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\""),
                new Case("newline, tab, return", "a\nb\tc\r", "\"a\\nb\\tc\\r\""),
                new Case("control", "\u0001", "\"\\x01\""),
                new Case("DEL", "\u007f", "\"\\x7f\""),
                new Case("printable unicode kept", "h\u00e9llo \u20ac", "\"h\u00e9llo \u20ac\""),
                new Case("slash kept", "/testvol", "\"/testvol\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quote_input_goPercentQ(Case c) {
        assertThat(GoQuote.quote(c.input())).isEqualTo(c.quoted());
    }

    static Stream<Case> goEscapes() {
        return Stream.of(
                new Case("bell", "\u0007", "\"\\a\""),
                new Case("backspace", "\b", "\"\\b\""),
                new Case("form feed", "\f", "\"\\f\""),
                new Case("vertical tab", "\u000b", "\"\\v\""),
                new Case("no-break space", "\u00a0", "\"\\u00a0\""),
                new Case("C1 control", "\u0085", "\"\\u0085\""),
                new Case("line separator", "\u2028", "\"\\u2028\""));
    }

    @Disabled("bug: volume.driver.GoQuote prints \\x07/\\x08/\\x0c/\\x0b and raw non-printable runes; Go's %q uses"
            + " \\a \\b \\f \\v and \\u00a0 (dev.berth.mount.GoQuote already does)")
    @ParameterizedTest(name = "{0}")
    @MethodSource("goEscapes")
    void quote_goSpecialEscapes_goPercentQ(Case c) {
        assertThat(GoQuote.quote(c.input())).isEqualTo(c.quoted());
    }
}
