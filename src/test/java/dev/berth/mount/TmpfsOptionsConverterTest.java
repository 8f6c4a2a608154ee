package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows of moby's TestConvertTmpfsOptions, TestContainersAPICreateMountsTmpfs and engine-wire §B.2. */
class TmpfsOptionsConverterTest {

    record Case(String name, TmpfsOptions options, boolean readOnly, String expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("1MiB 0700", TmpfsOptions.of(1024 * 1024, 0700), false, "mode=700,size=1m", null),
                new Case("empty, read-only", TmpfsOptions.of(0, 0), true, "ro", null),
                new Case("no block, read-only", null, true, "ro", null),
                new Case("no block", null, false, "", null),
                new Case("exec, read-only", new TmpfsOptions(0, 0, List.of(List.of("exec"))), true, "ro,exec", null),
                new Case("noexec with value", new TmpfsOptions(0, 0, List.of(List.of("noexec", "x"))), false,
                        "noexec=x", null),
                new Case("4096 KiB 0700", TmpfsOptions.of(4096 * 1024, 0700), false, "mode=700,size=4m", null),
                new Case("64m 1777", TmpfsOptions.of(67108864, 01777), false, "mode=1777,size=64m", null),
                new Case("1g", TmpfsOptions.of(1L << 30, 0), false, "size=1g", null),
                new Case("3k", TmpfsOptions.of(3072, 0), false, "size=3k", null),
                new Case("plain bytes", TmpfsOptions.of(1000, 0), false, "size=1000", null),
                new Case("all parts in order", new TmpfsOptions(2L << 30, 0755, List.of(List.of("exec"))), true,
                        "ro,mode=755,size=2g,exec", null),
                new Case("INVALID", new TmpfsOptions(0, 0, List.of(List.of("INVALID"))), false, null,
                        "invalid option: INVALID"),
                new Case("uid is not allowed", new TmpfsOptions(0, 0, List.of(List.of("uid", "1000"))), false, null,
                        "invalid option: uid"),
                new Case("empty pair", new TmpfsOptions(0, 0, List.of(List.of())), false, null,
                        "invalid option array length"),
                new Case("triple", new TmpfsOptions(0, 0, List.of(List.of("exec", "a", "b"))), false, null,
                        "invalid option array length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void convert_options_dataStringOrDockerError(Case c) {
        if (c.error() == null) {
            assertThat(TmpfsOptionsConverter.convert(c.options(), c.readOnly())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> TmpfsOptionsConverter.convert(c.options(), c.readOnly()))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }
}
