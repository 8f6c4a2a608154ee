package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's {@code %.Ng} (strconv.FormatFloat(v, 'g', N, 64) as fmt prints it). */
class GoFloatTest {

    record Case(String name, double value, int precision, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("zero", 0, 4, "0"),
                new Case("negative zero", -0.0, 4, "-0"),
                new Case("integer", 1, 4, "1"),
                new Case("three digits", 999, 4, "999"),
                new Case("four digits", 1024, 4, "1024"),
                new Case("fraction", 1.024, 4, "1.024"),
                new Case("rounded to four digits", 123.456, 4, "123.5"),
                new Case("rounding carries to 1000", 999.999, 4, "1000"),
                new Case("exactly 10^precision uses an exponent", 10000, 4, "1e+04"),
                new Case("big with digits", 123456, 4, "1.235e+05"),
                new Case("half", 0.5, 4, "0.5"),
                new Case("small but not tiny", 0.0001234, 4, "0.0001234"),
                new Case("tiny uses an exponent", 0.00001234, 4, "1.234e-05"),
                new Case("exact tie rounds to even (down)", 1.0625, 4, "1.062"),
                new Case("exact tie rounds to even (up)", 1.1875, 4, "1.188"),
                new Case("binary value just below the tie rounds down", 1.0005, 4, "1"),
                new Case("negative", -2.5, 4, "-2.5"),
                new Case("precision 1", 15, 1, "2e+01"),
                new Case("three-digit exponent", 1e100, 4, "1e+100"),
                new Case("infinity", Double.POSITIVE_INFINITY, 4, "+Inf"),
                new Case("minus infinity", Double.NEGATIVE_INFINITY, 4, "-Inf"),
                new Case("NaN", Double.NaN, 4, "NaN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatG_value_goText(Case c) {
        assertThat(GoFloat.formatG(c.value(), c.precision())).isEqualTo(c.text());
    }
}
