package dev.berth.runtime;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalsTest {

    record Case(String name, String input, int signal, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("full name", "SIGKILL", 9, null),
                new Case("short name", "KILL", 9, null),
                new Case("number", "9", 9, null),
                new Case("lower case", "sigterm", 15, null),
                new Case("mixed case short", "Hup", 1, null),
                new Case("alias IOT", "IOT", 6, null),
                new Case("alias CLD", "SIGCLD", 17, null),
                new Case("realtime min", "RTMIN", 34, null),
                new Case("realtime min plus", "SIGRTMIN+3", 37, null),
                new Case("realtime max minus", "RTMAX-2", 62, null),
                new Case("realtime max", "rtmax", 64, null),
                new Case("plus-signed number", "+15", 15, null),
                new Case("number outside table still parses", "65", 65, null),
                new Case("zero", "0", 0, "invalid signal: 0"),
                new Case("unknown name", "SIGFOO", 0, "invalid signal: SIGFOO"),
                new Case("empty", "", 0, "invalid signal: "),
                new Case("number with spaces", " 9", 0, "invalid signal:  9"),
                new Case("realtime beyond range", "RTMIN+16", 0, "invalid signal: RTMIN+16"),
                new Case("overflowing number", "99999999999", 0, "invalid signal: 99999999999"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parse_input_signalOrDockerError(Case c) {
        if (c.error() == null) {
            assertThat(Signals.parse(c.input())).isEqualTo(c.signal());
        } else {
            assertThatThrownBy(() -> Signals.parse(c.input()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    record Range(String name, int signal, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Range> ranges() {
        return Stream.of(
                new Range("lowest", 1, null),
                new Range("highest realtime", 64, null),
                new Range("gap below realtime", 32, "the linux daemon does not support signal 32"),
                new Range("above realtime", 65, "the linux daemon does not support signal 65"),
                new Range("negative", -1, "the linux daemon does not support signal -1"));
    }

    @ParameterizedTest
    @MethodSource("ranges")
    void requireSupported_signal_acceptedOrDockerError(Range r) {
        if (r.error() == null) {
            assertThat(Signals.requireSupported(r.signal())).isEqualTo(r.signal());
        } else {
            assertThatThrownBy(() -> Signals.requireSupported(r.signal()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(r.error());
        }
    }
}
