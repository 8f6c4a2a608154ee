package dev.berth.volume.driver;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker/go-units TestRAMInBytes (binary multiples, case-insensitive, optional b / ib). */
class SizesTest {

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;
    private static final long TIB = GIB * 1024;
    private static final long PIB = TIB * 1024;

    record Case(String name, String input, long bytes, String error) {
        static Case ok(String input, long bytes) {
            return new Case(input, input, bytes, null);
        }

        static Case ok(String name, String input, long bytes) {
            return new Case(name, input, bytes, null);
        }

        static Case err(String name, String input, String error) {
            return new Case(name, input, -1, error);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.ok("32", 32),
                Case.ok("32b", 32),
                Case.ok("32B", 32),
                Case.ok("32k", 32 * KIB),
                Case.ok("32K", 32 * KIB),
                Case.ok("32kb", 32 * KIB),
                Case.ok("32Kb", 32 * KIB),
                Case.ok("32Kib", 32 * KIB),
                Case.ok("32KIB", 32 * KIB),
                Case.ok("32Mb", 32 * MIB),
                Case.ok("32Gb", 32 * GIB),
                Case.ok("32Tb", 32 * TIB),
                Case.ok("32Pb", 32 * PIB),
                Case.ok("32PB", 32 * PIB),
                Case.ok("32P", 32 * PIB),
                Case.ok("32.3", 32),
                Case.ok("32.3 mb", (long) (32.3 * MIB)),
                Case.ok("0.3MB", (long) (0.3 * MIB)),
                Case.ok("32.5m", (long) (32.5 * MIB)),
                Case.ok("1g", GIB),
                Case.ok("32 k", 32 * KIB),
                Case.ok("0", 0),
                Case.ok("64m", 64 * MIB),
                Case.err("empty", "", "invalid size: ''"),
                Case.err("hello", "hello", "invalid size: 'hello'"),
                Case.err("negative", "-32", "invalid size: '-32'"),
                Case.err("unit only", "k", "invalid size: 'k'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ramInBytes_input_bytesOrInvalidSize(Case c) {
        if (c.error() == null) {
            assertThat(Sizes.ramInBytes(c.input())).isEqualTo(c.bytes());
        } else {
            assertThatThrownBy(() -> Sizes.ramInBytes(c.input()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    /** go-units v0.5.0 (vendored by moby) parses by hand: these inputs give other answers than the old regexp. */
    static Stream<Case> goUnitsV05() {
        return Stream.of(
                Case.ok("1e3", 1000),
                Case.ok(".5k", 512),
                Case.err("spaces around", " 32 ", "strconv.ParseFloat: parsing \" 32\": invalid syntax"),
                Case.err("space inside unit", "32m b", "strconv.ParseFloat: parsing \"32m\": invalid syntax"),
                Case.err("b then m", "32bm", "invalid suffix: 'bm'"),
                Case.err("unknown unit", "10x", "invalid suffix: 'x'"),
                Case.err("i without unit", "32i", "invalid suffix: 'i'"),
                Case.err("mi without b", "32mi", "invalid suffix: 'mi'"),
                Case.err("two dots", "1.2.3", "strconv.ParseFloat: parsing \"1.2.3\": invalid syntax"),
                Case.ok("number then space then unit", "5 GiB", 5 * GIB),
                Case.ok("trailing dot", "5.k", 5 * KIB),
                Case.ok("underscore between digits", "1_000", 1000),
                Case.ok("hexadecimal float", "0x1p4k", 16 * KIB),
                Case.ok("signed plus", "+1k", KIB),
                Case.ok("fraction truncated", "1.9", 1),
                Case.ok("kib in lower case", "1kib", KIB),
                Case.err("suffix too long keeps its case", "1KiBs", "invalid suffix: 'KiBs'"),
                Case.err("suffix lower-cased in the error", "1BM", "invalid suffix: 'bm'"),
                Case.err("kb spelled kbb", "1kbb", "invalid suffix: 'kbb'"),
                Case.err("unit before the number", "k1", "strconv.ParseFloat: parsing \"k1\": invalid syntax"),
                Case.err("Java double suffix", "1d", "invalid suffix: 'd'"),
                Case.err("two spaces", "1  k", "strconv.ParseFloat: parsing \"1 \": invalid syntax"),
                Case.err("misplaced underscore", "1__0", "strconv.ParseFloat: parsing \"1__0\": invalid syntax"),
                Case.err("hexadecimal without exponent", "0x10",
                        "strconv.ParseFloat: parsing \"0x10\": invalid syntax"),
                Case.err("out of range", "1e400", "strconv.ParseFloat: parsing \"1e400\": value out of range"),
                Case.err("negative with unit", "-1k", "invalid size: '-1k'"),
                Case.err("quotes in the number are Go-quoted", "\"1",
                        "strconv.ParseFloat: parsing \"\\\"1\": invalid syntax"),
                Case.ok("beyond int64 is Go's integer indefinite", "16777216p", Long.MIN_VALUE),
                Case.ok("infinity", "inf ", Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goUnitsV05")
    void ramInBytes_goUnitsV05_bytesOrError(Case c) {
        if (c.error() == null) {
            assertThat(Sizes.ramInBytes(c.input())).isEqualTo(c.bytes());
        } else {
            assertThatThrownBy(() -> Sizes.ramInBytes(c.input()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }
}
