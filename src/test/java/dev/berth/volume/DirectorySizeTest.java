package dev.berth.volume;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectorySizeTest {

    @TempDir
    Path dir;

    @Test
    void emptyDirectory_zero() throws Exception {
        assertThat(DirectorySize.of(dir)).isZero();
    }

    @Test
    void tree_filesCountedOnce_directoriesAndSymlinkTargetsNot() throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("sub/deeper/b"), new byte[24]);
        Files.createLink(dir.resolve("sub/a-link"), dir.resolve("a"));
        Path outside = Files.createTempFile("outside", "");
        try {
            Files.write(outside, new byte[5000]);
            Files.createSymbolicLink(dir.resolve("sym"), outside);
            long symlinkSize = Files.readAttributes(dir.resolve("sym"),
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
            assertThat(DirectorySize.of(dir)).isEqualTo(1000 + 24 + symlinkSize);
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void directoryWithOnlyEmptySubdirectories_zero() throws Exception {
        Files.createDirectories(dir.resolve("x/y"));
        assertThat(DirectorySize.of(dir)).isZero();
    }

    @Test
    void missing_zero() throws Exception {
        assertThat(DirectorySize.of(dir.resolve("gone"))).isZero();
    }

    @Test
    void regularFileAsRoot_itsSize() throws Exception {
        Files.write(dir.resolve("f"), new byte[77]);
        assertThat(DirectorySize.of(dir.resolve("f"))).isEqualTo(77);
    }

    @Test
    void measure_tellsWhetherARegularFileHasAnotherLink() throws Exception {
        Files.write(dir.resolve("a"), new byte[10]);
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sym"), dir.resolve("a"));
        assertThat(DirectorySize.measure(dir, d -> { })).isEqualTo(new DirectorySize.Usage(10
                + Files.readAttributes(dir.resolve("sym"), java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).size(), false));
        Path elsewhere = Files.createTempDirectory("elsewhere");
        try {
            Files.createLink(elsewhere.resolve("a"), dir.resolve("a"));
            assertThat(DirectorySize.measure(dir, d -> { }).linkedFile()).isTrue();
            assertThat(DirectorySize.measure(dir, d -> { }).bytes()).isEqualTo(DirectorySize.of(dir));
        } finally {
            Files.delete(elsewhere.resolve("a"));
            Files.delete(elsewhere);
        }
        assertThat(DirectorySize.measure(dir, d -> { }).linkedFile()).isFalse();
    }
}
