package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** moby's TestParseVolumesFrom and §3.7 (TestRunVolumeCopyFlag: copy modes are invalid on volumes-from). */
class VolumesFromSpecTest {

    record Case(String name, String spec, String container, String mode, boolean rw, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("bare", "foobar", "foobar", "rw", true, null),
                new Case("rw", "foobar:rw", "foobar", "rw", true, null),
                new Case("ro", "foobar:ro", "foobar", "ro", false, null),
                new Case("ro with label", "foobar:ro,Z", "foobar", "ro,Z", false, null),
                new Case("empty mode", "foobar:", "foobar", "rw", true, null),
                new Case("empty", "", null, null, false, "volumes-from specification cannot be an empty string"),
                new Case("bad mode", "foobar:rw:ro", null, null, false, "invalid mode: rw:ro"),
                new Case("unknown mode", "foobar:foo", null, null, false, "invalid mode: foo"),
                new Case("propagation", "foobar:rslave", null, null, false, "invalid mode: rslave"),
                new Case("propagation with ro", "foobar:ro,rslave", null, null, false, "invalid mode: ro,rslave"),
                new Case("nocopy", "foobar:nocopy", null, null, false, "invalid mode: nocopy"),
                new Case("copy", "foobar:copy", null, null, false, "invalid mode: copy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_spec_matchesDocker(Case c) {
        if (c.error() == null) {
            VolumesFromSpec spec = VolumesFromSpec.parse(c.spec());
            assertThat(spec).isEqualTo(new VolumesFromSpec(c.container(), c.mode()));
            assertThat(spec.readWrite()).isEqualTo(c.rw());
        } else {
            assertThatThrownBy(() -> VolumesFromSpec.parse(c.spec()))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }
}
