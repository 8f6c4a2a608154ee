package dev.berth.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docker's table output: Go tabwriter with minimum cell width 10 and padding 3; the last column unpadded. */
class TableTest {

    record Case(String name, List<String[]> rows, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String nl = System.lineSeparator();
        return Stream.of(
                new Case("docker volume ls header", List.<String[]>of(new String[] {"DRIVER", "VOLUME NAME"}),
                        "DRIVER    VOLUME NAME" + nl),
                new Case("short cells padded to 10", List.of(new String[] {"DRIVER", "VOLUME NAME"},
                        new String[] {"local", "qq"}),
                        "DRIVER    VOLUME NAME" + nl + "local     qq" + nl),
                new Case("long cell widens the column by 3", List.of(new String[] {"DRIVER", "VOLUME NAME"},
                        new String[] {"averylongdriver", "qq"}),
                        "DRIVER            VOLUME NAME" + nl + "averylongdriver   qq" + nl),
                new Case("exactly 7 characters still 10", List.<String[]>of(new String[] {"1234567", "x"}),
                        "1234567   x" + nl),
                new Case("8 characters make 11", List.<String[]>of(new String[] {"12345678", "x"}),
                        "12345678   x" + nl),
                new Case("three columns", List.of(new String[] {"a", "bb", "c"}, new String[] {"dddddddddddd", "e",
                        "f"}),
                        "a" + " ".repeat(14) + "bb" + " ".repeat(8) + "c" + nl
                                + "dddddddddddd" + " ".repeat(3) + "e" + " ".repeat(9) + "f" + nl),
                new Case("empty last cell has no trailing spaces", List.<String[]>of(new String[] {"local", ""}),
                        "local" + nl),
                new Case("no rows, no output", List.of(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void print_rows_alignedColumns(Case c) {
        Table t = new Table();
        c.rows().forEach(t::row);
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo(c.output());
    }
}
