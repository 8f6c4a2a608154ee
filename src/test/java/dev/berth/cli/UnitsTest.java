package dev.berth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docker/go-units HumanSize: {@code fmt.Sprintf("%.4g%s", size, unit)} with decimal units. */
class UnitsTest {

    record Case(String name, double size, String human) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("zero", 0, "0B"),
                new Case("one byte", 1, "1B"),
                new Case("999", 999, "999B"),
                new Case("1000", 1000, "1kB"),
                new Case("1024", 1024, "1.024kB"),
                new Case("1500", 1500, "1.5kB"),
                new Case("123456", 123456, "123.5kB"),
                new Case("999999 rounds up in place", 999_999, "1000kB"),
                new Case("1e6", 1_000_000, "1MB"),
                new Case("1048576", 1_048_576, "1.049MB"),
                new Case("2MB", 2_000_000, "2MB"),
                new Case("1e9", 1e9, "1GB"),
                new Case("3.42GB", 3.42e9, "3.42GB"),
                new Case("5.372TB", 5.372e12, "5.372TB"),
                new Case("2.22PB", 2.22e15, "2.22PB"),
                new Case("fraction of a byte", 0.5, "0.5B"),
                new Case("exact tie rounds half to even", 1062.5, "1.062kB"),
                new Case("exact tie rounds up to even", 1187.5, "1.188kB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void humanSize_bytes_goUnitsText(Case c) {
        assertThat(Units.humanSize(c.size())).isEqualTo(c.human());
    }

    @Test
    void humanSize_beyondYottabytes_goExponent() {
        assertThat(Units.humanSize(1e28)).isEqualTo("1e+04YB");
    }
}
