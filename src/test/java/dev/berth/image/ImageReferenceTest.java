package dev.berth.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    record Valid(String name, String input, String full, String familiar) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Invalid(String name, String input, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("official name", "busybox", "docker.io/library/busybox", "busybox"),
                new Valid("official with tag", "busybox:latest", "docker.io/library/busybox:latest", "busybox:latest"),
                new Valid("library prefix", "library/busybox", "docker.io/library/busybox", "busybox"),
                new Valid("full hub name", "docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36",
                        "busybox:1.36"),
                new Valid("legacy index domain", "index.docker.io/busybox", "docker.io/library/busybox", "busybox"),
                new Valid("hub without library", "docker.io/busybox", "docker.io/library/busybox", "busybox"),
                new Valid("user repository", "dmcgowan/myapp:v1", "docker.io/dmcgowan/myapp:v1", "dmcgowan/myapp:v1"),
                new Valid("localhost", "localhost/busybox", "localhost/busybox", "localhost/busybox"),
                new Valid("host and port", "localhost:5000/busybox:1.0", "localhost:5000/busybox:1.0",
                        "localhost:5000/busybox:1.0"),
                new Valid("ip and port", "127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b"),
                new Valid("ipv6 host", "[::1]:5000/foo:t", "[::1]:5000/foo:t", "[::1]:5000/foo:t"),
                new Valid("nested path", "example.com/a/b/c:some-long.tag_1", "example.com/a/b/c:some-long.tag_1",
                        "example.com/a/b/c:some-long.tag_1"),
                new Valid("host without dots", "test:5000/repo", "test:5000/repo", "test:5000/repo"),
                new Valid("separators", "a-b__c-e/f--g.h", "docker.io/a-b__c-e/f--g.h", "a-b__c-e/f--g.h"),
                new Valid("port-looking tag", "foo_bar.com:8080", "docker.io/library/foo_bar.com:8080",
                        "foo_bar.com:8080"),
                new Valid("uppercase first component is a domain", "Foo/bar", "Foo/bar", "Foo/bar"),
                new Valid("digest", "busybox@sha256:" + HEX, "docker.io/library/busybox@sha256:" + HEX,
                        "busybox@sha256:" + HEX),
                new Valid("tag and digest", "busybox:1@sha256:" + HEX, "docker.io/library/busybox:1@sha256:" + HEX,
                        "busybox:1@sha256:" + HEX));
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("empty", "", "invalid reference format"),
                new Invalid("uppercase official", "Busybox",
                        "invalid reference format: repository name (library/Busybox) must be lowercase"),
                new Invalid("uppercase path", "foo/Bar:tag",
                        "invalid reference format: repository name (foo/Bar) must be lowercase"),
                new Invalid("empty tag", "busybox:", "invalid reference format"),
                new Invalid("tag only", ":tag", "invalid reference format"),
                new Invalid("leading dash", "-busybox", "invalid reference format"),
                new Invalid("tag with leading dash", "busybox:-x", "invalid reference format"),
                new Invalid("tag too long", "busybox:" + "a".repeat(129), "invalid reference format"),
                new Invalid("dot-dot component", "foo/../bar", "invalid reference format"),
                new Invalid("double slash", "foo//bar", "invalid reference format"),
                new Invalid("space", "bu sybox", "invalid reference format"),
                new Invalid("short digest", "busybox@sha256:abc", "invalid reference format"),
                new Invalid("digest length", "busybox@sha256:" + HEX.substring(0, 40),
                        "invalid checksum digest length"),
                new Invalid("digest algorithm", "busybox@md5:" + HEX.substring(0, 32), "unsupported digest algorithm"),
                new Invalid("digest uppercase hex", "busybox@sha256:" + HEX.toUpperCase(),
                        "invalid checksum digest format"),
                new Invalid("hexadecimal name", HEX,
                        "invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings"),
                new Invalid("name too long", "a".repeat(256),
                        "repository name must not be more than 255 characters"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parse_validReference_normalises(Valid c) {
        ImageReference ref = ImageReference.parse(c.input());
        assertThat(ref.toString()).isEqualTo(c.full());
        assertThat(ref.familiarString()).isEqualTo(c.familiar());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void parse_invalidReference_throwsDockerText(Invalid c) {
        assertThatThrownBy(() -> ImageReference.parse(c.input()))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(c.error());
    }

    @Test
    void parse_weirdFirstComponent_isPathNotDomain() {
        ImageReference ref = ImageReference.parse("a_b.c/x");
        assertThat(ref.domain()).isEmpty();
        assertThat(ref.familiarString()).isEqualTo("a_b.c/x");
    }

    @Test
    void withDefaultTag_nameOnly_addsLatest() {
        assertThat(ImageReference.parse("busybox").withDefaultTag().familiarString()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("busybox:1").withDefaultTag().familiarString()).isEqualTo("busybox:1");
        assertThat(ImageReference.parse("busybox@sha256:" + HEX).withDefaultTag().tag()).isNull();
    }

    record RepoTag(String name, String repo, String tag, String result, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RepoTag> repoTags() {
        return Stream.of(
                new RepoTag("default tag", "busybox", "", "docker.io/library/busybox:latest", null),
                new RepoTag("explicit tag", "busybox", "1.0", "docker.io/library/busybox:1.0", null),
                new RepoTag("tag in repo", "busybox:1.0", null, "docker.io/library/busybox:1.0", null),
                new RepoTag("tag param wins", "busybox:1.0", "2.0", "docker.io/library/busybox:2.0", null),
                new RepoTag("digest refused", "busybox@sha256:" + HEX, "", null, "cannot import digest reference"),
                new RepoTag("bad tag", "busybox", "bad tag", null, "invalid tag format"),
                new RepoTag("uppercase repo", "Foo", "", null,
                        "invalid reference format: repository name (library/Foo) must be lowercase"));
    }

    @ParameterizedTest
    @MethodSource("repoTags")
    void parseRepoTag_cases_matchDocker(RepoTag c) {
        if (c.error() == null) {
            assertThat(ImageReference.parseRepoTag(c.repo(), c.tag()).toString()).isEqualTo(c.result());
        } else {
            assertThatThrownBy(() -> ImageReference.parseRepoTag(c.repo(), c.tag()))
                    .isInstanceOf(InvalidReferenceException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void parseRepoTag_emptyRepo_returnsNull() {
        assertThat(ImageReference.parseRepoTag("", "x")).isNull();
    }

    @Test
    void parseId_fullIdWithOrWithoutAlgorithm_canonical() {
        assertThat(ImageReference.parseId(HEX)).isEqualTo("sha256:" + HEX);
        assertThat(ImageReference.parseId("sha256:" + HEX)).isEqualTo("sha256:" + HEX);
        assertThat(ImageReference.parseId(HEX.substring(0, 12))).isNull();
        assertThat(ImageReference.parseId("busybox")).isNull();
    }
}
