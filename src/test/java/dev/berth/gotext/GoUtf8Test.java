package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's utf8.DecodeRune: the rune and width, or RuneError with width 1 for anything invalid. */
class GoUtf8Test {

    record Case(String name, int[] bytes, int rune, int width) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("ASCII", new int[] {0x41}, 0x41, 1),
                new Case("two bytes", new int[] {0xc3, 0xa9}, 0xe9, 2),
                new Case("three bytes", new int[] {0xe2, 0x82, 0xac}, 0x20ac, 3),
                new Case("four bytes", new int[] {0xf0, 0x9f, 0x98, 0x80}, 0x1f600, 4),
                new Case("max rune", new int[] {0xf4, 0x8f, 0xbf, 0xbf}, 0x10ffff, 4),
                new Case("above max rune", new int[] {0xf4, 0x90, 0x80, 0x80}, 0xfffd, 1),
                new Case("overlong two bytes", new int[] {0xc1, 0xbf}, 0xfffd, 1),
                new Case("overlong three bytes", new int[] {0xe0, 0x9f, 0xbf}, 0xfffd, 1),
                new Case("overlong four bytes", new int[] {0xf0, 0x8f, 0xbf, 0xbf}, 0xfffd, 1),
                new Case("surrogate", new int[] {0xed, 0xa0, 0x80}, 0xfffd, 1),
                new Case("last before surrogates", new int[] {0xed, 0x9f, 0xbf}, 0xd7ff, 3),
                new Case("truncated", new int[] {0xe2, 0x82}, 0xfffd, 1),
                new Case("lone continuation", new int[] {0x80}, 0xfffd, 1),
                new Case("bad continuation", new int[] {0xc3, 0x41}, 0xfffd, 1),
                new Case("0xFF", new int[] {0xff}, 0xfffd, 1),
                new Case("encoded U+FFFD", new int[] {0xef, 0xbf, 0xbd}, 0xfffd, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decode_bytes_goRuneAndWidth(Case c) {
        byte[] b = new byte[c.bytes().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) c.bytes()[i];
        }
        int d = GoUtf8.decode(b, 0, b.length);
        assertThat(GoUtf8.rune(d)).isEqualTo(c.rune());
        assertThat(GoUtf8.width(d)).isEqualTo(c.width());
        assertThat(GoUtf8.invalid(d)).isEqualTo(c.width() == 1 && c.rune() == 0xfffd);
    }
}
