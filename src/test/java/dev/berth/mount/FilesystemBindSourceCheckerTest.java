package dev.berth.mount;

import dev.berth.mount.BindSourceChecker.SourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FilesystemBindSourceCheckerTest {

    @TempDir
    Path dir;

    private final BindSourceChecker checker = BindSourceChecker.filesystem();

    @Test
    void stat_existingDirectory_exists() {
        assertThat(checker.stat(dir.toString())).isEqualTo(SourceStatus.EXISTS);
    }

    @Test
    void stat_missingPath_missing() {
        assertThat(checker.stat(dir.resolve("nope").toString())).isEqualTo(SourceStatus.MISSING);
    }

    @Test
    void stat_danglingSymlink_missingLikeStat() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        assertThat(checker.stat(link.toString())).isEqualTo(SourceStatus.MISSING);
    }

    @Test
    void stat_pathThroughFile_failsLikeGo() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String path = file.resolve("child").toString();
        assertThat(checker.stat(path)).isEqualTo(new SourceStatus.Failed("stat " + path + ": not a directory"));
    }
}
