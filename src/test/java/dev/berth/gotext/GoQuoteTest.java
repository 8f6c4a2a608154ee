package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's {@code strconv.Quote} ({@code %q}) and {@code encoding/json}'s {@code quoteChar}. */
class GoQuoteTest {

    record Case(String name, String input, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("plain", "hello", "\"hello\""),
                new Case("empty", "", "\"\""),
                new Case("space", "hello world", "\"hello world\""),
                new Case("slash kept", "/testvol", "\"/testvol\""),
                new Case("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\""),
                new Case("single quote kept", "it's", "\"it's\""),
                new Case("newline, tab, return", "a\nb\tc\r", "\"a\\nb\\tc\\r\""),
                new Case("bell", "\u0007", "\"\\a\""),
                new Case("backspace", "\b", "\"\\b\""),
                new Case("form feed", "\f", "\"\\f\""),
                new Case("vertical tab", "\u000b", "\"\\v\""),
                new Case("NUL", "\u0000", "\"\\x00\""),
                new Case("control", "\u0001", "\"\\x01\""),
                new Case("escape", "\u001b", "\"\\x1b\""),
                new Case("DEL", "\u007f", "\"\\x7f\""),
                new Case("C1 control", "\u0085", "\"\\u0085\""),
                new Case("no-break space", "\u00a0", "\"\\u00a0\""),
                new Case("soft hyphen", "\u00ad", "\"\\u00ad\""),
                new Case("latin-1 letter", "h\u00e9llo", "\"h\u00e9llo\""),
                new Case("euro sign", "\u20ac", "\"\u20ac\""),
                new Case("ideographic space", "\u3000", "\"\\u3000\""),
                new Case("line separator", "\u2028", "\"\\u2028\""),
                new Case("zero-width joiner (format)", "\u200d", "\"\\u200d\""),
                new Case("private use", "\ue000", "\"\\ue000\""),
                new Case("replacement character kept", "\ufffd", "\"\ufffd\""),
                new Case("emoji kept", "\ud83d\ude00", "\"\ud83d\ude00\""),
                new Case("supplementary private use", "\udb80\udc00", "\"\\U000f0000\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quote_string_goPercentQ(Case c) {
        assertThat(GoQuote.quote(c.input())).isEqualTo(c.quoted());
    }

    record BytesCase(String name, byte[] input, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static Stream<BytesCase> byteCases() {
        return Stream.of(
                new BytesCase("valid UTF-8", bytes(0x68, 0xc3, 0xa9), "\"h\u00e9\""),
                new BytesCase("lone continuation byte", bytes(0x61, 0x80, 0x62), "\"a\\x80b\""),
                new BytesCase("truncated sequence, byte by byte", bytes(0xe2, 0x82), "\"\\xe2\\x82\""),
                new BytesCase("encoded surrogate is invalid", bytes(0xed, 0xa0, 0x80), "\"\\xed\\xa0\\x80\""),
                new BytesCase("overlong slash is invalid", bytes(0xc0, 0xaf), "\"\\xc0\\xaf\""),
                new BytesCase("encoded U+FFFD kept", bytes(0xef, 0xbf, 0xbd), "\"\ufffd\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("byteCases")
    void quote_bytes_invalidUtf8AsHexBytes(BytesCase c) {
        assertThat(GoQuote.quote(c.input())).isEqualTo(c.quoted());
    }

    record CharCase(String name, int c, String quoted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<CharCase> charCases() {
        return Stream.of(
                new CharCase("letter", 'x', "'x'"),
                new CharCase("digit", '7', "'7'"),
                new CharCase("space", ' ', "' '"),
                new CharCase("single quote", '\'', "'\\''"),
                new CharCase("double quote", '"', "'\"'"),
                new CharCase("backslash", '\\', "'\\\\'"),
                new CharCase("newline", '\n', "'\\n'"),
                new CharCase("carriage return", '\r', "'\\r'"),
                new CharCase("tab", '\t', "'\\t'"),
                new CharCase("bell", 0x07, "'\\a'"),
                new CharCase("backspace", 0x08, "'\\b'"),
                new CharCase("form feed", 0x0c, "'\\f'"),
                new CharCase("vertical tab", 0x0b, "'\\v'"),
                new CharCase("NUL", 0, "'\\x00'"),
                new CharCase("escape", 0x1b, "'\\x1b'"),
                new CharCase("DEL", 0x7f, "'\\x7f'"),
                new CharCase("0xC3 is U+00C3", 0xc3, "'\u00c3'"),
                new CharCase("0xE9 is U+00E9", 0xe9, "'\u00e9'"),
                new CharCase("0x80 is a C1 control", 0x80, "'\\u0080'"),
                new CharCase("0xA0 no-break space", 0xa0, "'\\u00a0'"),
                new CharCase("0xAD soft hyphen", 0xad, "'\\u00ad'"),
                new CharCase("0xFF", 0xff, "'\u00ff'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charCases")
    void quoteChar_byte_goJsonQuoteChar(CharCase c) {
        assertThat(GoQuote.quoteChar(c.c())).isEqualTo(c.quoted());
    }
}
