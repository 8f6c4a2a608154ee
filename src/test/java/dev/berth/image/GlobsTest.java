package dev.berth.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Globs} against the documented behaviour of Go's {@code path.Match}. */
class GlobsTest {

    // pattern | name | matches; '' is the empty string; backslashes are literal ('\\' in Java source = one '\').
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ''                  | ''                      | true
            ''                  | x                       | false
            abc                 | abc                     | true
            abc                 | abcd                    | false
            abc                 | ab                      | false
            *                   | ''                      | true
            *                   | busybox:latest          | true
            *                   | library/busybox         | false
            **                  | abc                     | true
            *c                  | abc                     | true
            *c                  | abcd                    | false
            a*                  | a                       | true
            a*                  | ab/c                    | false
            a*/b                | axy/b                   | true
            a*/b                | a/x/b                   | false
            */*                 | a/b                     | true
            */*                 | a/b/c                   | false
            p*q*r*s*/t          | pxqxrxs/t               | true
            p*q*r*s*/t          | pxqxrxsxxx/t            | true
            p*q*r*s*/t          | pxqxrxs/xx/t            | false
            a*b?c*z             | abzbbzdbzebzczzz        | true
            a*b?c*z             | abzbbzdbzebzczzy        | false
            *ab                 | aab                     | true
            *ab*ab              | xabyabab                | true
            a?c                 | abc                     | true
            a?c                 | a/c                     | false
            a?c                 | ac                      | false
            a?b                 | a☺b                     | true
            a???b               | a☺b                     | false
            ab[c]               | abc                     | true
            ab[xcy]             | abc                     | true
            ab[b-d]             | abc                     | true
            ab[d-f]             | abc                     | false
            ab[d-b]             | abc                     | false
            ab[^c]              | abc                     | false
            ab[^b-d]            | abc                     | false
            ab[^d-f]            | abc                     | true
            a[^a]b              | a☺b                     | true
            a[^a][^a][^a]b      | a☺b                     | false
            [a-ζ]*              | α                       | true
            *[a-ζ]              | A                       | false
            a[/]b               | a/b                     | true
            *[^b]*              | a/                      | false
            *[^b]*              | a/b                     | false
            *[^b]               | a/                      | true
            a[^x]b              | a/b                     | true
            [!a]                | !                       | true
            [!a]                | b                       | false
            [a&&b]              | &                       | true
            [a&&[b]]            | &]                      | true
            [a&&[b]]            | a                       | false
            [[]                 | [                       | true
            [a]]                | a]                      | true
            [\\]a]              | ]                       | true
            [\\]a]              | a                       | true
            [\\-]               | -                       | true
            [x\\-]              | -                       | true
            [x\\-]              | z                       | false
            [\\-x]              | x                       | true
            [\\\\]              | \\                      | true
            [\\^]               | ^                       | true
            a\\*b               | a*b                     | true
            a\\*b               | axb                     | false
            a\\?b               | a?b                     | true
            a\\?b               | axb                     | false
            \\a\\b              | ab                      | true
            a\\[b]              | a[b]                    | true
            a.c                 | abc                     | false
            a.c                 | a.c                     | true
            a+                  | aa                      | false
            "(a|b)"             | "(a|b)"                 | true
            x{2}                | x{2}                    | true
            $^                  | $^                      | true
            busy*               | busybox:latest          | true
            busy*               | busybox                 | true
            */tools:v1          | localhost:5000/tools:v1 | true
            */tools:v1          | a/b/tools:v1            | false
            */tools:v1          | acme/tools:v1           | true
            fixture/*           | fixture/base:1          | true
            *:1                 | fixture/base:1          | false
            """)
    void match_goPathMatchTable(String pattern, String name, boolean want) {
        assertThat(Globs.match(pattern, name)).isEqualTo(want);
    }

    // Malformed patterns fail whatever the name, even when the name differs before the bad part is reached.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "[", "[^", "[^bc", "a[", "x[", "a*[", "*[", "a/b[", "[]", "[]a]", "[^]", "[-]", "[x-]", "[-x]", "[a-b-c]",
        "[a-", "[\\", "[x\\", "\\", "a\\", "*\\", "ab[c", "a*b[", "[a-]*", "abc*[", "*[*"
    })
    void match_badPattern_throwsWhateverTheName(String pattern) {
        for (String name : new String[] {"", "a", "x", "ab", "abc", "]", "-", "a/b", "zzz"}) {
            assertThatThrownBy(() -> Globs.match(pattern, name)).as("%s ~ %s", pattern, name)
                    .isInstanceOf(Globs.BadPatternException.class).hasMessage("syntax error in pattern");
        }
    }

    @Test
    void match_manyStarsAgainstNearMiss_answersWithoutBacktrackingBlowUp() {
        String a60 = "a".repeat(60);
        assertThat(Globs.match("*a*a*a*a*a*a*a*b", a60)).isFalse();
        assertThat(Globs.match("*a*a*a*a*a*a*a*b", a60 + "b")).isTrue();
        String stars = "*a".repeat(200) + "*b";
        assertThat(Globs.match(stars, "a".repeat(20_000))).isFalse();
        assertThat(Globs.match(stars, "a".repeat(20_000) + "b")).isTrue();
        assertThat(Globs.match("*?*?*?*?*?*?*?*?*/", "x".repeat(20_000))).isFalse();
    }

    @Test
    void match_badPatternAfterNoMatch_stillThrows() {
        assertThatThrownBy(() -> Globs.match("*a*a*a*a*a*a*a*b[", "a".repeat(60)))
                .isInstanceOf(Globs.BadPatternException.class);
    }
}
