package dev.berth.archive;

import dev.berth.gotext.GoPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The path rules Docker's archive code applies before it touches a file, and Go's path functions under them. */
class TreeArchiveTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/etc/passwd, /etc/passwd",
            "etc/passwd, /etc/passwd",
            "/etc/, /etc/",
            "/etc/., /etc/.",
            "/etc//., /etc/.",
            "., /.",
            "/, /",
            "/../../etc, /etc",
            "/a/b/../c/, /a/c/",
            "//x//y, /x/y",
    })
    void absPath_preservesTrailingSeparatorAndDot(String path, String expected) {
        assertThat(TreeArchive.absPath(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "clean({0}) = {1}, base = {2}, dir = {3}")
    @CsvSource({
            "'', ., ., .",
            "/, /, /, /",
            "abc, abc, abc, .",
            "abc/def, abc/def, def, abc",
            "a/b/../c, a/c, c, a/b/..",
            "/../a, /a, a, /",
            "../../a, ../../a, a, ../..",
            "a/./b/, a/b, b, a/b",
            "/etc/., /etc, ., /etc",
            "//a//, /a, a, //a",
    })
    void goPath(String path, String clean, String base, String dir) {
        assertThat(GoPath.clean(path)).isEqualTo(clean);
        assertThat(GoPath.base(path)).isEqualTo(base);
        assertThat(GoPath.dir(path)).isEqualTo(GoPath.clean(dir));
    }

    @ParameterizedTest(name = "{1} within {0}: {2}")
    @CsvSource({
            "/, /, true",
            "/, /etc, true",
            "/etc, /etc, true",
            "/etc, /etc/passwd, true",
            "/etc, /etcfoo, false",
            "/etc, /, false",
            "/t2/deep/er, /dotdot-esc.txt, false",
    })
    void within(String base, String path, boolean expected) {
        assertThat(GoPath.within(base, path)).isEqualTo(expected);
    }
}
