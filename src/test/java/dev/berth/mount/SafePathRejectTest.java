package dev.berth.mount;

import dev.berth.sys.MountInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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

/** Joins that must fail, with Docker's texts, including a symlink swapped in between check and open. */
@Tag("root")
class SafePathRejectTest {

    @TempDir
    Path tmp;

    private Path base;
    private Path scratch;

    @BeforeEach
    void volume() throws IOException {
        CopyUpFixtures.assumeRoot();
        base = SafePathFixtures.volume(tmp);
        scratch = Files.createDirectories(tmp.resolve("scratch"));
    }

    @AfterEach
    void cleanup() throws IOException {
        SafePathFixtures.detachAllBelow(tmp);
    }

    private void assertNothingMounted() throws IOException {
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
        assertThat(MountInfo.read()).noneMatch(e -> e.mountPoint().startsWith(tmp.toString()));
    }

    /** {@code message} uses {@code <base>} for the volume's data directory. */
    record Case(String name, String subpath, Class<? extends Exception> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String escape = "path concatenation escapes the base directory, base: <base>, subpath: ";
        return Stream.of(
                new Case("symlink to /", "hack/bad", SafePathEscapesException.class, escape + "hack/bad"),
                new Case("chained symlinks", "hack/chain1", SafePathEscapesException.class, escape + "hack/chain1"),
                new Case("symlink to a host file", "escape-etc", SafePathEscapesException.class,
                        escape + "escape-etc"),
                new Case("dot-dot", "../..", SafePathEscapesException.class, escape + "../.."),
                new Case("dot-dot through a directory", "subdir/../..", SafePathEscapesException.class,
                        escape + "subdir/../.."),
                new Case("missing", "missing", SafePathNotAccessibleException.class,
                        "cannot access path <base>/missing: lstat <base>/missing: no such file or directory"),
                new Case("missing parent", "subdir/missing/deeper", SafePathNotAccessibleException.class,
                        "cannot access path <base>/subdir/missing/deeper: lstat <base>/subdir/missing: "
                                + "no such file or directory"),
                new Case("dangling symlink", "hack/dangling", SafePathNotAccessibleException.class,
                        "cannot access path <base>/hack/dangling: lstat <base>/hack/nowhere: "
                                + "no such file or directory"),
                new Case("below a file", "foo/x", IOException.class,
                        "error while resolving symlinks in combined path \"<base>/foo/x\": not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void join_badSubpath_rejectedWithDockerText(Case c) throws IOException {
        assertThatThrownBy(() -> SafePath.join(base, c.subpath(), scratch))
                .isInstanceOf(c.type())
                .hasMessage(c.message().replace("<base>", base.toString()));
        assertNothingMounted();
    }

    @Test
    void join_missingBase_cannotAccess() throws IOException {
        Path absent = tmp.resolve("absent/_data");

        assertThatThrownBy(() -> SafePath.join(absent, "x", scratch))
                .isInstanceOf(SafePathNotAccessibleException.class)
                .hasMessage("cannot access path " + absent + ": lstat " + tmp.resolve("absent")
                        + ": no such file or directory");
        assertNothingMounted();
    }

    record Race(String name, String subpath, boolean openat2, Class<? extends Exception> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Race> races() {
        String loop = "cannot access path <base>/subdir: too many levels of symbolic links";
        String loopInner = "cannot access path <base>/subdir/inner: too many levels of symbolic links";
        String walkSymlink = "unexpected symlink found <base>/subdir";
        return Stream.of(
                new Race("openat2, final component", "subdir", true, SafePathNotAccessibleException.class, loop),
                new Race("openat2, parent component", "subdir/inner", true, SafePathNotAccessibleException.class,
                        loopInner),
                new Race("openat walk, final component", "subdir", false, IOException.class, walkSymlink),
                new Race("openat walk, parent component", "subdir/inner", false, IOException.class, walkSymlink));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("races")
    void join_symlinkSwappedInAfterCheck_refused(Race r) throws IOException {
        Files.createDirectories(base.resolve("subdir/inner"));
        Path outside = tmp.resolve("outside");
        // The check passed on the real directory; then it becomes a symlink to a look-alike outside the volume.
        SafePath.Hook swap = () -> {
            Files.move(base.resolve("subdir"), base.resolve("subdir.orig"));
            Files.createSymbolicLink(base.resolve("subdir"), outside);
        };

        assertThatThrownBy(() -> SafePath.join(base, r.subpath(), scratch, swap, r.openat2()))
                .isInstanceOf(r.type())
                .hasMessage(r.message().replace("<base>", base.toString()));
        assertNothingMounted();
    }
}
