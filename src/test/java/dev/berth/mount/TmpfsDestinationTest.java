package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TestCreateTmpfsMountsTarget (§3.6). */
class TmpfsDestinationTest {

    record Case(String name, String destination, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(".", ".", "invalid mount path: '.' mount path must be absolute"),
                new Case("foo", "foo", "invalid mount path: 'foo' mount path must be absolute"),
                new Case("/", "/", "invalid specification: destination can't be '/'"),
                new Case("//", "//", "invalid specification: destination can't be '/'"),
                new Case("/run", "/run", null),
                new Case("/run/", "/run/", null),
                new Case("empty", "", "invalid mount path: '' mount path must be absolute"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validate_destination_matchesDocker(Case c) {
        if (c.error() == null) {
            assertThatCode(() -> TmpfsDestination.validate(c.destination())).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> TmpfsDestination.validate(c.destination()))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .isInstanceOf(dev.berth.errors.InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }
}
