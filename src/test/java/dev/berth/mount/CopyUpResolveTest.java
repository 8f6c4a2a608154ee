package dev.berth.mount;

import dev.berth.sys.FileSys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.berth.mount.CopyUpFixtures.attributes;
import static dev.berth.mount.CopyUpFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which image path a copy-up reads (always inside the rootfs) and when it skips. */
@Tag("root")
class CopyUpResolveTest {

    @TempDir
    Path tmp;

    private Path rootfs;
    private Path volume;

    @BeforeEach
    void dirs() throws IOException {
        CopyUpFixtures.assumeRoot();
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        volume = Files.createDirectories(tmp.resolve("volume"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/app.conf"), "image config");
        Files.writeString(rootfs.resolve("marker"), "rootfs");
    }

    private List<String> volumeListing() throws IOException {
        try (Stream<Path> entries = Files.list(volume)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    record Case(String name, String link, String containerPath, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> symlinkCases() {
        return Stream.of(
                new Case("absolute link to /etc", "/etc", "/data", List.of("app.conf")),
                new Case("relative link climbing out", "../../../../../etc", "/data", List.of("app.conf")),
                new Case("link to /", "/", "/data", List.of("data", "etc", "marker")),
                new Case("dot-dot above root", "/etc", "/../../../etc", List.of("app.conf")),
                new Case("path through the link", "/", "/data/etc", List.of("app.conf")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("symlinkCases")
    void copyIfEmpty_imageSymlinkOrDotDot_resolvesInsideRootfs(Case c) throws IOException {
        Files.createSymbolicLink(rootfs.resolve("data"), Path.of(c.link()));

        CopyUpResult result = CopyUp.copyIfEmpty(rootfs, c.containerPath(), volume);

        assertThat(result.outcome()).isEqualTo(CopyUpResult.Outcome.COPIED);
        assertThat(volumeListing()).isEqualTo(c.expected());
        if (c.expected().contains("app.conf")) {
            assertThat(Files.readString(volume.resolve("app.conf"))).isEqualTo("image config");
        }
    }

    @Test
    void copyIfEmpty_missingSource_skipped() throws IOException {
        assertThat(CopyUp.copyIfEmpty(rootfs, "/nope/deeper", volume).outcome())
                .isEqualTo(CopyUpResult.Outcome.SOURCE_MISSING);
        assertThat(volumeListing()).isEmpty();
    }

    @Test
    void copyIfEmpty_danglingSymlinkSource_skipped() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("data"), Path.of("/nowhere"));

        assertThat(CopyUp.copyIfEmpty(rootfs, "/data", volume).outcome())
                .isEqualTo(CopyUpResult.Outcome.SOURCE_MISSING);
    }

    @Test
    void copyIfEmpty_fileSource_skippedAndVolumeRootUntouched() throws IOException {
        String before = attributes(volume);

        assertThat(CopyUp.copyIfEmpty(rootfs, "/marker", volume).outcome())
                .isEqualTo(CopyUpResult.Outcome.SOURCE_NOT_DIRECTORY);
        assertThat(CopyUp.copyIfEmpty(rootfs, "/marker/below", volume).outcome())
                .isEqualTo(CopyUpResult.Outcome.SOURCE_NOT_DIRECTORY);
        assertThat(attributes(volume)).isEqualTo(before);
    }

    @Test
    void copyIfEmpty_nonEmptyTarget_untouched() throws IOException {
        Files.writeString(volume.resolve("existing"), "mine");
        CopyUpFixtures.times(volume, 99);
        // Only the atime may move: listing the volume to see whether it is empty reads it, as Docker's does.
        String before = attributes(volume).replaceAll("atime=\\S+ ", "");

        CopyUpResult result = CopyUp.copyIfEmpty(rootfs, "/etc", volume);

        assertThat(result).isEqualTo(CopyUpResult.skipped(CopyUpResult.Outcome.TARGET_NOT_EMPTY));
        assertThat(volumeListing()).containsExactly("existing");
        assertThat(Files.readString(volume.resolve("existing"))).isEqualTo("mine");
        assertThat(attributes(volume).replaceAll("atime=\\S+ ", "")).isEqualTo(before);
    }

    @Test
    void copyIfEmpty_emptyImageDir_volumeRootTakesItsOwnerModeTimesXattrs() throws IOException {
        // TestRunCopyVolumeUIDGID: an empty /hello owned by dockerio makes the volume root dockerio's.
        Path hello = Files.createDirectories(rootfs.resolve("hello"));
        CopyUpFixtures.meta(hello, 1001, 1002, 02750, 5);
        FileSys.lsetxattr(hello, "user.origin", bytes("image"));
        String expected = attributes(hello);

        CopyUpResult result = CopyUp.copyIfEmpty(rootfs, "/hello", volume);

        assertThat(result).isEqualTo(new CopyUpResult(CopyUpResult.Outcome.COPIED, 0, 0));
        assertThat(attributes(volume)).isEqualTo(expected);
        assertThat(FileSys.lgetxattr(volume, "user.origin")).isEqualTo(bytes("image"));
    }

    @Test
    void copyIfEmpty_symlinkToHostFileInImage_copiedAsLinkAndTargetNeverRead() throws IOException {
        Path data = Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(data.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(data.resolve("hostdir"), Path.of("/etc"));

        CopyUpResult result = CopyUp.copyIfEmpty(rootfs, "/data", volume);

        assertThat(result).isEqualTo(new CopyUpResult(CopyUpResult.Outcome.COPIED, 2, 0));
        assertThat(FileSys.lstat(volume.resolve("passwd")).isSymlink()).isTrue();
        assertThat(Files.readSymbolicLink(volume.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(FileSys.lstat(volume.resolve("hostdir")).isSymlink()).isTrue();
    }

    @Test
    void copyIfEmpty_targetIsSymlink_refused() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), volume);

        assertThatThrownBy(() -> CopyUp.copyIfEmpty(rootfs, "/etc", link))
                .isInstanceOf(IOException.class);
        assertThat(volumeListing()).isEmpty();
    }
}
