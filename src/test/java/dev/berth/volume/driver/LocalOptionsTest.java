package dev.berth.volume.driver;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows of moby's TestVolCreateValidation and docker-storage-semantics §1.4 (local driver options). */
class LocalOptionsTest {

    private static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    record Case(String name, Map<String, String> opts, boolean quota, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unknown option", opts("hello", "world"), false, "invalid option: \"hello\""),
                new Case("unknown option quoted like %q", opts("a\"b", "1"), false, "invalid option: \"a\\\"b\""),
                new Case("option names are case-sensitive", opts("Type", "tmpfs"), false, "invalid option: \"Type\""),
                new Case("unknown option before missing ones", opts("device", "x", "bogus", "1"), false,
                        "invalid option: \"bogus\""),
                new Case("invalid size", opts("size", "hello"), false, "invalid size: 'hello'"),
                new Case("invalid size with quota", opts("size", "hello"), true, "invalid size: 'hello'"),
                new Case("size without quota support", opts("size", "1234"), false,
                        "quota size requested but no quota support"),
                new Case("size 0 needs no quota", opts("size", "0"), false, null),
                new Case("size with quota", opts("size", "1M"), true, null),
                new Case("device without type", opts("device", "foo"), false, "missing required option: \"type\""),
                new Case("type without device", opts("type", "foo"), false, "missing required option: \"device\""),
                new Case("o without device", opts("o", "foo", "type", "foo"), false,
                        "missing required option: \"device\""),
                new Case("o without type", opts("o", "foo", "device", "foo"), false,
                        "missing required option: \"type\""),
                new Case("o alone", opts("o", "foo"), false, "missing required option: \"device\""),
                new Case("empty values count as present", opts("type", "", "device", ""), false, null),
                new Case("device and type", opts("type", "foo", "device", "foo"), false, null),
                new Case("device, type and o", opts("type", "foo", "device", "foo", "o", "foo"), false, null),
                new Case("invalid size before missing option", opts("size", "hello", "device", "x"), true,
                        "invalid size: 'hello'"),
                new Case("cifs", opts("type", "cifs", "device", "//some.example.com/thepath", "o", "foo"), false, null),
                new Case("cifs host and share", opts("type", "cifs", "device", "//host/share"), false, null),
                new Case("cifs with port", opts("type", "cifs", "device", "//some.example.com:2345/thepath", "o",
                        "foo"), false, "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs with user and port", opts("type", "cifs", "device", "//user@host:445/share"), false,
                        "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs with user, no port", opts("type", "cifs", "device", "//user@host/share"), false, null),
                new Case("cifs IPv6 with port", opts("type", "cifs", "device", "//[::1]:445/s"), false,
                        "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs IPv6 without port", opts("type", "cifs", "device", "//[::1]/s"), false, null),
                new Case("cifs empty port", opts("type", "cifs", "device", "//host:/share"), false, null),
                new Case("cifs scheme with port", opts("type", "cifs", "device", "smb://host:445/share"), false,
                        "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs port checked before size", opts("type", "cifs", "device", "//h:1/s", "size", "x"), false,
                        "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs without device", opts("type", "cifs"), false, "missing required option: \"device\""),
                new Case("port allowed for nfs", opts("type", "nfs", "device", "//host:2049/export"), false, null),
                new Case("cifs bad port", opts("type", "cifs", "device", "//host:44x/share"), false,
                        "error parsing mount device url: parse \"//host:44x/share\": invalid port \":44x\" after host"),
                new Case("cifs bad escape in path", opts("type", "cifs", "device", "//host/sh%zzare"), false,
                        "error parsing mount device url: parse \"//host/sh%zzare\": invalid URL escape \"%zz\""),
                new Case("cifs space in host", opts("type", "cifs", "device", "//my host/share"), false,
                        "error parsing mount device url: parse \"//my host/share\": invalid character \" \" in host"
                                + " name"),
                new Case("cifs url error checked before unknown size", opts("type", "cifs", "device", "//h:x/s",
                        "size", "x"), false,
                        "error parsing mount device url: parse \"//h:x/s\": invalid port \":x\" after host"),
                new Case("cifs port of an escaped host is still a port", opts("type", "cifs", "device",
                        "//h%C3%A9:445/s"), false, "port not allowed in CIFS device URL, include 'port' in 'o='"),
                new Case("cifs bad url ignored for other types", opts("type", "nfs", "device", ":::"), false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_options_validOrDockerError(Case c) {
        if (c.error() == null) {
            assertThat(LocalOptions.parse(c.opts(), c.quota())).isNotNull();
        } else {
            assertThatThrownBy(() -> LocalOptions.parse(c.opts(), c.quota()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void parse_cifsBadUrl_errorParsingMountDeviceUrl() {
        assertThatThrownBy(() -> LocalOptions.parse(opts("type", "cifs", "device", ":::", "o", "foo"), false))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("error parsing mount device url: parse \":::\": missing protocol scheme");
    }

    @Test
    void parse_noOptions_null() {
        assertThat(LocalOptions.parse(null, false)).isNull();
        assertThat(LocalOptions.parse(Map.of(), false)).isNull();
    }

    @Test
    void parse_fullOptions_fields() {
        LocalOptions o = LocalOptions.parse(opts("type", "tmpfs", "device", "tmpfs", "o", "size=64m", "size", "1M"),
                true);
        assertThat(o).isEqualTo(new LocalOptions("tmpfs", "size=64m", "tmpfs", 1 << 20));
        assertThat(o.needsMount()).isTrue();
    }

    @Test
    void needsMount_sizeOnly_false() {
        assertThat(LocalOptions.parse(opts("size", "1M"), true).needsMount()).isFalse();
        assertThat(LocalOptions.parse(opts("size", "1M"), true).sizeBytes()).isEqualTo(1 << 20);
    }
}
