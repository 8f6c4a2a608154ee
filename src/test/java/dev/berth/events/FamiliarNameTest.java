package dev.berth.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** distribution/reference ParseNormalizedNamed + FamiliarName, as the event filter's stripTag uses them. */
class FamiliarNameTest {

    private static final String HEX64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    record Case(String name, String image, String familiar) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("bare name", "busybox", "busybox"),
                new Case("tag dropped", "busybox:latest", "busybox"),
                new Case("canonical official image", "docker.io/library/busybox:1.36", "busybox"),
                new Case("legacy index domain", "index.docker.io/library/busybox", "busybox"),
                new Case("library prefix", "library/busybox", "busybox"),
                new Case("hub user repository", "docker.io/foo/bar", "foo/bar"),
                new Case("hub user repository, familiar", "foo/bar:1", "foo/bar"),
                new Case("nested library path kept", "docker.io/library/foo/bar", "library/foo/bar"),
                new Case("localhost domain", "localhost/foo:tag", "localhost/foo"),
                new Case("domain with port", "localhost:5000/foo/bar:tag", "localhost:5000/foo/bar"),
                new Case("IPv6 domain", "[::1]:5000/foo", "[::1]:5000/foo"),
                new Case("upper-case domain", "Example.com/foo", "Example.com/foo"),
                new Case("digest dropped", "example.com/foo@sha256:" + HEX64, "example.com/foo"),
                new Case("tag and digest dropped", "foo:1@sha256:" + HEX64, "foo"),
                new Case("short digest is invalid", "foo@sha256:" + HEX64.substring(0, 32),
                        "foo@sha256:" + HEX64.substring(0, 32)),
                new Case("unknown digest algorithm", "foo@md5:" + HEX64.substring(0, 32),
                        "foo@md5:" + HEX64.substring(0, 32)),
                new Case("upper-case digest hex is invalid", "foo@sha256:" + HEX64.toUpperCase(),
                        "foo@sha256:" + HEX64.toUpperCase()),
                new Case("image id", HEX64, HEX64),
                new Case("sha256-prefixed id parses as repository sha256", "sha256:" + HEX64, "sha256"),
                new Case("upper-case repository", "Busybox", "Busybox"),
                new Case("upper-case path", "foo/Bar", "foo/Bar"),
                new Case("bad characters", "foo bar", "foo bar"),
                new Case("double separator", "foo..bar", "foo..bar"),
                new Case("empty", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void of_image_familiarNameOrUnchanged(Case c) {
        assertThat(FamiliarName.of(c.image())).isEqualTo(c.familiar());
    }
}
