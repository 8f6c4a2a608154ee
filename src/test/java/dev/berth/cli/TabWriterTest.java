package dev.berth.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docker's tables: Go's tabwriter with minimum cell width 10 and padding 3, columns of consecutive lines. */
class TabWriterTest {

    record Case(String name, String input, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("docker volume ls header", "DRIVER\tVOLUME NAME\n", "DRIVER    VOLUME NAME\n"),
                new Case("short cells padded to 10", "DRIVER\tVOLUME NAME\nlocal\tqq\n",
                        "DRIVER    VOLUME NAME\nlocal     qq\n"),
                new Case("long cell widens the column by 3", "DRIVER\tVOLUME NAME\naverylongdriver\tqq\n",
                        "DRIVER            VOLUME NAME\naverylongdriver   qq\n"),
                new Case("7 characters still 10, 8 make 11", "1234567\tx\n12345678\ty\n",
                        "1234567    x\n12345678   y\n"),
                new Case("an empty last cell leaves the padding of the one before", "local\t\n", "local     \n"),
                new Case("a line without tabs ends the column", "a\tb\nno tabs\nlonger cell\tc\n",
                        "a         b\nno tabs\nlonger cell   c\n"),
                new Case("a shorter line ends only the columns it lacks", "a\tb\tc\nxx\tyyyyyyyyyyyy\nq\tr\ts\n",
                        "a         b         c\nxx        yyyyyyyyyyyy\nq         r         s\n"),
                new Case("wide runes count twice", "值值值值\tx\nab\ty\n", "值值值值   x\nab         y\n"),
                new Case("text after the last newline", "a\tb", "a         b"),
                new Case("nothing", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void write_alignsLikeDocker(Case c) {
        StringBuilder out = new StringBuilder();
        TabWriter.table(out).write(c.input()).flush();
        assertThat(out.toString()).isEqualTo(c.output());
    }
}
