package dev.berth.mount;

import dev.berth.sys.FileSys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.berth.mount.CopyUpFixtures.attributes;
import static org.assertj.core.api.Assertions.assertThat;

/** Copy-up from a real overlayfs merged directory, the source berth hands it: layers, whiteouts, hard links. */
@Tag("root")
class CopyUpOverlayTest {

    @TempDir
    Path tmp;

    private final CopyUpFixtures.Mounts mounts = new CopyUpFixtures.Mounts();
    private Path merged;

    @BeforeEach
    void overlay() throws IOException {
        CopyUpFixtures.assumeRoot();
        Path lower = Files.createDirectories(tmp.resolve("lower/data/dir"));
        Path lowerData = lower.getParent();
        Files.writeString(lowerData.resolve("kept"), "from the image");
        CopyUpFixtures.meta(lowerData.resolve("kept"), 1234, 5678, 0640, 1);
        Files.writeString(lowerData.resolve("deleted"), "whited out");
        Files.writeString(lower.resolve("hard1"), "linked");
        Files.createLink(lowerData.resolve("hard2"), lower.resolve("hard1"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        merged = mounts.mount("overlay", tmp.resolve("merged"), "overlay",
                "lowerdir=" + tmp.resolve("lower") + ",upperdir=" + upper + ",workdir=" + work);
        Files.delete(merged.resolve("data/deleted"));
        Files.writeString(merged.resolve("data/dir/added"), "from the container layer");
    }

    @AfterEach
    void unmount() throws IOException {
        mounts.close();
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void copyIfEmpty_overlaySource_copiesMergedView(int workers) throws IOException {
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        String keptAttributes = attributes(merged.resolve("data/kept"));

        CopyUpResult result = CopyUp.copyIfEmpty(merged, "/data", volume, workers);

        assertThat(result.entries()).isEqualTo(5);
        try (Stream<Path> all = Files.walk(volume)) {
            assertThat(all.map(p -> volume.relativize(p).toString()).sorted())
                    .containsExactly("", "dir", "dir/added", "dir/hard1", "hard2", "kept");
        }
        assertThat(attributes(volume.resolve("kept"))).isEqualTo(keptAttributes);
        assertThat(Files.readString(volume.resolve("kept"))).isEqualTo("from the image");
        assertThat(Files.readString(volume.resolve("dir/added"))).isEqualTo("from the container layer");
        assertThat(FileSys.lstat(volume.resolve("hard2")).ino())
                .isEqualTo(FileSys.lstat(volume.resolve("dir/hard1")).ino());
    }
}
