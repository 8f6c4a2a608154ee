package dev.berth.mount;

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

/** Copy-ups that fail part-way report which image path failed and why, and leak no descriptor. */
@Tag("root")
class CopyUpFailureTest {

    @TempDir
    Path tmp;

    private final CopyUpFixtures.Mounts mounts = new CopyUpFixtures.Mounts();
    private Path rootfs;

    @BeforeEach
    void image() throws IOException {
        CopyUpFixtures.assumeRoot();
        rootfs = tmp.resolve("rootfs");
        Path data = Files.createDirectories(rootfs.resolve("data"));
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("a"), "small");
        Files.write(data.resolve("sub/big"), new byte[3 * 1024 * 1024]);
    }

    @AfterEach
    void unmount() throws IOException {
        mounts.close();
    }

    /** {@code onlyBig}: the image holds just sub/big, so which entry fails does not hang on readdir order. */
    record Case(String name, String tmpfsOptions, boolean onlyBig, int workers, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String full = "failed to copy image content \"/data/sub/big\" into volume: No space left on device";
        String noInodes = "failed to copy image content \"/data/sub/big\" into volume: openat: no space left on device";
        return Stream.of(
                new Case("volume full, inline", "size=1m", false, 0, full),
                new Case("volume full, workers", "size=1m", true, 2, full),
                new Case("out of inodes, inline", "nr_inodes=2", true, 0, noInodes),
                new Case("out of inodes, workers", "nr_inodes=2", true, 2, noInodes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void copyIfEmpty_volumeRunsOutOfSpace_reportsFailingPath(Case c) throws IOException {
        if (c.onlyBig()) {
            Files.delete(rootfs.resolve("data/a"));
        }
        Path volume = mounts.mount("tmpfs", tmp.resolve("volume"), "tmpfs", c.tmpfsOptions());
        long fds = CopyUpFixtures.openDescriptors();

        assertThatThrownBy(() -> CopyUp.copyIfEmpty(rootfs, "/data", volume, c.workers()))
                .isInstanceOf(CopyUpException.class)
                .hasMessage(c.message());
        // Other threads of the shared test JVM may close descriptors meanwhile; a leak would only ever add some.
        assertThat(CopyUpFixtures.openDescriptors()).isLessThanOrEqualTo(fds);
    }

    @Test
    void copyIfEmpty_nonUtf8Name_refusedRatherThanRenamed() throws IOException {
        CopyUpFixtures.sh("touch '" + rootfs.resolve("data") + "'/$(printf 'caf\\351')");
        Path volume = Files.createDirectories(tmp.resolve("volume"));

        assertThatThrownBy(() -> CopyUp.copyIfEmpty(rootfs, "/data", volume))
                .isInstanceOf(CopyUpException.class)
                .hasMessage("failed to copy image content \"/data/caf\uFFFD\" into volume: file name is not valid UTF-8");
    }

    @Test
    void copyIfEmpty_missingTarget_failsBeforeCopying() {
        assertThatThrownBy(() -> CopyUp.copyIfEmpty(rootfs, "/data", tmp.resolve("absent")))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("absent: no such file or directory");
    }
}
