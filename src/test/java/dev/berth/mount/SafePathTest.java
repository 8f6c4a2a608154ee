package dev.berth.mount;

import dev.berth.sys.LinuxMount;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Joins that succeed: what the bind mount shows, that it stays put, and that close removes it. */
@Tag("root")
class SafePathTest {

    @TempDir
    Path tmp;

    private final List<SafePath> opened = new ArrayList<>();
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
        opened.forEach(SafePath::close);
        SafePathFixtures.detachAllBelow(tmp);
    }

    private SafePath join(String subpath) throws IOException {
        SafePath safe = SafePath.join(base, subpath, scratch);
        opened.add(safe);
        return safe;
    }

    record Case(String name, String subpath, String file, String content) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> goodCases() {
        return Stream.of(
                new Case("directory", "subdir", "hello.txt", "world"),
                new Case("nested file", "subdir/hello.txt", "", "world"),
                new Case("file", "foo", "", "bar"),
                new Case("in-volume relative symlink", "hack/good", "hello.txt", "world"),
                new Case("in-volume absolute symlink", "abs-inside", "hello.txt", "world"),
                new Case("symlink to a file", "foo-link", "", "bar"),
                new Case("dot components", "./subdir/../subdir/.", "hello.txt", "world"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodCases")
    void join_pathInsideVolume_bindMountsIt(Case c) throws IOException {
        SafePath safe = join(c.subpath());

        Path p = safe.path();
        assertThat(p.getParent()).isEqualTo(scratch);
        assertThat(p.getFileName().toString()).startsWith("safe-mount");
        assertThat(MountInfo.isMountPoint(p) || Files.isRegularFile(p)).isTrue();
        Path read = c.file().isEmpty() ? p : p.resolve(c.file());
        assertThat(Files.readString(read)).isEqualTo(c.content());
        assertThat(Files.isDirectory(p)).isEqualTo(!c.file().isEmpty());
    }

    @Test
    void join_directoryRenamedAndReplacedBySymlinkAfterJoin_pathStillShowsOriginal() throws IOException {
        SafePath safe = join("subdir");

        Files.move(base.resolve("subdir"), base.resolve("moved"));
        Files.createSymbolicLink(base.resolve("subdir"), Path.of("/etc"));

        assertThat(Files.readString(safe.path().resolve("hello.txt"))).isEqualTo("world");
        assertThat(safe.path().resolve("passwd")).doesNotExist();
    }

    @Test
    void join_fileReplacedBySymlinkAfterJoin_pathStillShowsOriginal() throws IOException {
        SafePath safe = join("foo");

        Files.delete(base.resolve("foo"));
        Files.createSymbolicLink(base.resolve("foo"), Path.of("/etc/passwd"));

        assertThat(Files.readString(safe.path())).isEqualTo("bar");
    }

    @Test
    void close_unmountsRemovesAndInvalidates() throws IOException {
        SafePath dir = join("subdir");
        SafePath file = join("foo");
        Path dirPath = dir.path();
        Path filePath = file.path();

        dir.close();
        file.close();
        dir.close();

        assertThat(MountInfo.isMountPoint(dirPath)).isFalse();
        assertThat(dirPath).doesNotExist();
        assertThat(filePath).doesNotExist();
        assertThat(base.resolve("subdir/hello.txt")).hasContent("world");
        assertThat(base.resolve("foo")).hasContent("bar");
        assertThatThrownBy(dir::path).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_mountAlreadyGone_stillRemovesMountPoint() throws IOException {
        SafePath safe = join("subdir");
        LinuxMount.unmount(safe.path().toString(), LinuxMount.MNT_DETACH);
        Path p = safe.path();

        safe.close();

        assertThat(p).doesNotExist();
    }
}
