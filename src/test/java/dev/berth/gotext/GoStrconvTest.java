package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's strconv.ParseFloat(s, 64) syntax and errors, and amd64's int64(float64). */
class GoStrconvTest {

    record Case(String name, String input, double value, String error) {
        static Case ok(String input, double value) {
            return new Case(input, input, value, null);
        }

        static Case err(String name, String input, String reason) {
            return new Case(name, input, 0, "strconv.ParseFloat: parsing " + GoQuote.quote(input) + ": " + reason);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.ok("0", 0),
                Case.ok("1", 1),
                Case.ok("+1", 1),
                Case.ok("-1.5", -1.5),
                Case.ok(".5", 0.5),
                Case.ok("5.", 5),
                Case.ok("1e3", 1000),
                Case.ok("1E+3", 1000),
                Case.ok("2.5e-1", 0.25),
                Case.ok("1_000.000_1", 1000.0001),
                Case.ok("0x1p4", 16),
                Case.ok("0x1.8p1", 3),
                Case.ok("0X_1P-1", 0.5),
                Case.ok("1e-400", 0),
                Case.ok("inf", Double.POSITIVE_INFINITY),
                Case.ok("-Infinity", Double.NEGATIVE_INFINITY),
                Case.ok("+INF", Double.POSITIVE_INFINITY),
                Case.err("empty", "", "invalid syntax"),
                Case.err("space", " 1", "invalid syntax"),
                Case.err("trailing space", "1 ", "invalid syntax"),
                Case.err("two dots", "1.2.3", "invalid syntax"),
                Case.err("lone dot", ".", "invalid syntax"),
                Case.err("lone sign", "-", "invalid syntax"),
                Case.err("exponent without digits", "1e", "invalid syntax"),
                Case.err("exponent sign only", "1e+", "invalid syntax"),
                Case.err("Java float suffix", "1f", "invalid syntax"),
                Case.err("hex without p exponent", "0x1", "invalid syntax"),
                Case.err("hex with e exponent", "0x1e3", "invalid syntax"),
                Case.err("leading underscore", "_1", "invalid syntax"),
                Case.err("trailing underscore", "1_", "invalid syntax"),
                Case.err("double underscore", "1__0", "invalid syntax"),
                Case.err("underscore before dot", "1_.5", "invalid syntax"),
                Case.err("signed NaN", "+NaN", "invalid syntax"),
                Case.err("inf prefix only", "infin", "invalid syntax"),
                Case.err("Java Infinity with garbage", "Infinityx", "invalid syntax"),
                Case.err("quote is Go-quoted", "1\"", "invalid syntax"),
                Case.err("overflow", "1e309", "value out of range"),
                Case.err("hex overflow", "0x1p1024", "value out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parseFloat_input_valueOrGoError(Case c) {
        if (c.error() == null) {
            assertThat(GoStrconv.parseFloat(c.input())).isEqualTo(c.value());
        } else {
            assertThatThrownBy(() -> GoStrconv.parseFloat(c.input()))
                    .isInstanceOf(GoNumberFormatException.class)
                    .hasMessage(c.error());
        }
    }

    record IntCase(String name, double value, long expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<IntCase> conversions() {
        return Stream.of(
                new IntCase("truncates toward zero", 1.9, 1),
                new IntCase("negative truncates toward zero", -1.9, -1),
                new IntCase("largest exact below 2^63", 0x1p62, 1L << 62),
                new IntCase("2^63 is out of range", 0x1p63, Long.MIN_VALUE),
                new IntCase("-2^63 fits", -0x1p63, Long.MIN_VALUE),
                new IntCase("infinity", Double.POSITIVE_INFINITY, Long.MIN_VALUE),
                new IntCase("NaN", Double.NaN, Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void toInt64_value_amd64Conversion(IntCase c) {
        assertThat(GoStrconv.toInt64(c.value())).isEqualTo(c.expected());
    }

    @org.junit.jupiter.api.Test
    void parseFloat_nan_isNaN() {
        assertThat(GoStrconv.parseFloat("nAn")).isNaN();
    }
}
