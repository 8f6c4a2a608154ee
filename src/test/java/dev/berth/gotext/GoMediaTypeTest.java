package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's mime.ParseMediaType: the media type it returns, or its error text. */
class GoMediaTypeTest {

    record Case(String name, String header, String mediaType, String error) {
        static Case ok(String name, String header, String mediaType) {
            return new Case(name, header, mediaType, null);
        }

        static Case err(String name, String header, String error) {
            return new Case(name, header, null, error);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.ok("plain", "application/json", "application/json"),
                Case.ok("lower-cased", "Application/JSON", "application/json"),
                Case.ok("spaces trimmed", " application/json ", "application/json"),
                Case.ok("parameter", "application/json; charset=utf-8", "application/json"),
                Case.ok("space before semicolon", "application/json ; charset=utf-8", "application/json"),
                Case.ok("quoted parameter", "application/json; charset=\"utf-8\"", "application/json"),
                Case.ok("quoted with escape", "text/plain; a=\"x\\\"y\"", "text/plain"),
                Case.ok("two parameters", "text/plain; a=1; b=2", "text/plain"),
                Case.ok("trailing semicolon", "application/json;", "application/json"),
                Case.ok("trailing semicolon and space", "application/json; ", "application/json"),
                Case.ok("type without subtype", "application", "application"),
                Case.ok("continuations are separate names", "text/plain; a*0=x; a*1=y", "text/plain"),
                Case.err("empty", "", "mime: no media type"),
                Case.err("only parameters", "; charset=utf-8", "mime: no media type"),
                Case.err("starts with slash", "/json", "mime: no media type"),
                Case.err("space inside", "application json", "mime: expected slash after first token"),
                Case.err("no subtype", "application/", "mime: expected token after slash"),
                Case.err("two slashes", "application/json/x", "mime: unexpected content after media subtype"),
                Case.err("parameter without value", "application/json; charset", "mime: invalid media parameter"),
                Case.err("empty value", "application/json; charset=", "mime: invalid media parameter"),
                Case.err("empty quoted value", "application/json; charset=\"\"", "mime: invalid media parameter"),
                Case.err("unterminated quote", "application/json; a=\"x", "mime: invalid media parameter"),
                Case.err("double semicolon", "application/json;;", "mime: invalid media parameter"),
                Case.err("garbage after value", "text/plain; a=1 b", "mime: invalid media parameter"),
                Case.err("duplicate name", "text/plain; a=1; A=2", "mime: duplicate parameter name"),
                Case.err("duplicate continuation", "text/plain; a*0=1; a*0=2", "mime: duplicate parameter name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_header_mediaTypeOrGoError(Case c) {
        if (c.error() == null) {
            assertThat(GoMediaType.parse(c.header())).isEqualTo(c.mediaType());
        } else {
            assertThatThrownBy(() -> GoMediaType.parse(c.header()))
                    .isInstanceOf(GoMediaType.ParseException.class)
                    .hasMessage(c.error());
        }
    }
}
