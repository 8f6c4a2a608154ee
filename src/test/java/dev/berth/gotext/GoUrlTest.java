package dev.berth.gotext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's url.Parse: the host and port it finds, and its error texts. */
class GoUrlTest {

    record Case(String name, String url, String host, String port, String error) {
        static Case ok(String name, String url, String host, String port) {
            return new Case(name, url, host, port, null);
        }

        static Case err(String name, String url, String error) {
            return new Case(name, url, null, null, error);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.ok("cifs share", "//server/share", "server", ""),
                Case.ok("with port", "//server:445/share", "server:445", "445"),
                Case.ok("empty port", "//server:/share", "server:", ""),
                Case.ok("user", "//user@server/share", "server", ""),
                Case.ok("user and password", "//user:pa%20ss@server:1/s", "server:1", "1"),
                Case.ok("scheme", "smb://server:445/share", "server:445", "445"),
                Case.ok("IPv6", "//[::1]:445/s", "[::1]:445", "445"),
                Case.ok("IPv6 without port", "//[fe80::1%25eth0]/s", "[fe80::1%eth0]", ""),
                Case.ok("non-ASCII host escaped", "//h%C3%A9/s", "h\u00e9", ""),
                Case.ok("relative path", "share/dir", "", ""),
                Case.ok("three slashes is a path", "///server:1/share", "", ""),
                Case.ok("query cut off", "//server:1?x/y", "server:1", "1"),
                Case.ok("fragment ignored", "//server/s#frag", "server", ""),
                Case.ok("opaque", "mailto:someone", "", ""),
                Case.ok("star", "*", "", ""),
                Case.err("colon first", ":::", "parse \":::\": missing protocol scheme"),
                Case.err("colon in first segment", "a b:c/d", "parse \"a b:c/d\": first path segment in URL cannot"
                        + " contain colon"),
                Case.err("bad port", "//server:44x/share", "parse \"//server:44x/share\": invalid port \":44x\" after"
                        + " host"),
                Case.err("missing bracket", "//[::1/share", "parse \"//[::1/share\": missing ']' in host"),
                Case.err("bad IPv6 port", "//[::1]x/s", "parse \"//[::1]x/s\": invalid port \"x\" after host"),
                Case.err("control character", "//server/a\tb", "parse \"//server/a\\tb\": net/url: invalid control"
                        + " character in URL"),
                Case.err("bad escape in path", "//s/%zz", "parse \"//s/%zz\": invalid URL escape \"%zz\""),
                Case.err("short escape", "//s/a%4", "parse \"//s/a%4\": invalid URL escape \"%4\""),
                Case.err("escaped ASCII in host", "//h%41/s", "parse \"//h%41/s\": invalid URL escape \"%41\""),
                Case.err("space in host", "//my host/s", "parse \"//my host/s\": invalid character \" \" in host"
                        + " name"),
                Case.err("bad userinfo", "//us er@h/s", "parse \"//us er@h/s\": net/url: invalid userinfo"),
                Case.err("bad escape in password", "//u:%zz@h/s", "parse \"//u:%zz@h/s\": invalid URL escape \"%zz\""),
                Case.err("bad fragment names the whole url", "//h/s#%zz", "parse \"//h/s#%zz\": invalid URL escape"
                        + " \"%zz\""),
                Case.err("escape cut inside a multi-byte rune", "//h/%\u20ac", "parse \"//h/%\u20ac\": invalid URL"
                        + " escape \"%\\xe2\\x82\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_url_hostPortOrGoError(Case c) {
        if (c.error() == null) {
            GoUrl url = GoUrl.parse(c.url());
            assertThat(url.host()).isEqualTo(c.host());
            assertThat(url.port()).isEqualTo(c.port());
        } else {
            assertThatThrownBy(() -> GoUrl.parse(c.url()))
                    .isInstanceOf(GoUrl.ParseException.class)
                    .hasMessage(c.error());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "null", value = {
            "/volumes/abc|null",
            "/volumes/a%2Fb%20c|null",
            "filters=%7B%7D&all=1|null",
            "/volumes/ab%zz|invalid URL escape \"%zz\"",
            "filters=%7B%zz|invalid URL escape \"%zz\"",
            "a%2|invalid URL escape \"%2\"",
            "a%|invalid URL escape \"%\"",
            "%g0%zz|invalid URL escape \"%g0\"",
            "''|null",
    })
    void invalidEscape_firstBadEscapeInGosWords(String raw, String error) {
        assertThat(GoUrl.invalidEscape(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isEqualTo(error);
    }
}
