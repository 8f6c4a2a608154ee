package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GoQuoteTest {

    record Case(String name, String input, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("plain", "bind", "\"bind\""), new Case("empty", "", "\"\""),
                new Case("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\""),
                new Case("newline and tab", "a\nb\tc", "\"a\\nb\\tc\""), new Case("control", "\u0001", "\"\\x01\""),
                new Case("unicode letters kept", "héllo", "\"héllo\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quote_input_matchesGoPercentQ(Case c) {
        assertThat(GoQuote.quote(c.input())).isEqualTo(c.quoted());
    }
}
