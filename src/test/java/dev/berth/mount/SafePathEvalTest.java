package dev.berth.mount;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's EvalSymlinks and Rel semantics that SafePath's first check relies on (no root needed). */
class SafePathEvalTest {

    @TempDir
    Path tmp;

    private Path base;

    @BeforeEach
    void volume() throws IOException {
        base = SafePathFixtures.volume(tmp);
    }

    /** {@code path} and {@code expected} use {@code <base>} and {@code <tmp>}. */
    record Case(String name, String path, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> resolving() {
        return Stream.of(
                new Case("plain directory", "<base>/subdir", "<base>/subdir"),
                new Case("relative link", "<base>/hack/good", "<base>/subdir"),
                new Case("relative link then more", "<base>/hack/good/hello.txt", "<base>/subdir/hello.txt"),
                new Case("absolute link", "<base>/abs-inside", "<base>/subdir"),
                new Case("chained links climbing out", "<base>/hack/chain1", "<tmp>"),
                new Case("link to root", "<base>/hack/bad", "/"),
                new Case("dot-dot after a link applies to the target", "<base>/hack/good/..", "<base>"),
                new Case("root", "/", "/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolving")
    void evalSymlinks_existingPath_resolvesLikeGo(Case c) throws IOException {
        assertThat(SafePathEval.evalSymlinks(expand(c.path()))).isEqualTo(expand(c.expected()));
    }

    private String expand(String s) {
        return s.replace("<base>", base.toString()).replace("<tmp>", tmp.toString());
    }

    @Test
    void evalSymlinks_symlinkLoop_tooManyLinks() throws IOException {
        Files.createSymbolicLink(base.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(base.resolve("loop2"), Path.of("loop1"));

        assertThatThrownBy(() -> SafePathEval.evalSymlinks(base + "/loop1"))
                .isInstanceOf(SafePathEval.BareError.class)
                .hasMessage("EvalSymlinks: too many links");
    }

    @Test
    void evalSymlinks_trailingSlashAfterFile_notADirectory() {
        assertThatThrownBy(() -> SafePathEval.evalSymlinks(base + "/foo/"))
                .isInstanceOf(SafePathEval.BareError.class)
                .hasMessage("not a directory");
    }

    record Rel(String base, String target, String expected) {
    }

    static Stream<Rel> relatives() {
        return Stream.of(
                new Rel("/v/_data", "/v/_data", "."),
                new Rel("/v/_data", "/v/_data/a/b", "a/b"),
                new Rel("/v/_data", "/v/_data2", null),
                new Rel("/v/_data", "/v", null),
                new Rel("/", "/etc", "etc"),
                new Rel("/", "/", "."));
    }

    @ParameterizedTest
    @MethodSource("relatives")
    void relativeTo_baseAndTarget_relativePathOrNull(Rel r) {
        assertThat(SafePathEval.relativeTo(r.base(), r.target())).isEqualTo(r.expected());
    }
}
