package dev.berth.mount;

import dev.berth.sys.FileSys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.berth.mount.CopyUpFixtures.GID;
import static dev.berth.mount.CopyUpFixtures.UID;
import static dev.berth.mount.CopyUpFixtures.attributes;
import static dev.berth.mount.CopyUpFixtures.bytes;
import static dev.berth.mount.CopyUpFixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;

/** Copy-up of a tree holding every kind of entry and attribute, checked entry by entry with lstat and xattrs. */
@Tag("root")
class CopyUpTest {
    private static final List<String> ENTRIES = List.of("", "file", "setuid", "empty", "big", "dir", "dir/sub",
            "dir/sub/inner", "dir/link-abs", "dir/link-odd", "hard1", "dir/hard2", "dir/sub/hard3", "fifo", "chr",
            "blk", "sock");

    @TempDir
    Path tmp;

    private Path rootfs;
    private Path data;
    private Path volume;
    private byte[] big;

    @BeforeEach
    void image() throws IOException {
        CopyUpFixtures.assumeRoot();
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        data = Files.createDirectories(rootfs.resolve("data"));
        volume = Files.createDirectories(tmp.resolve("volume"));
        big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);

        Files.writeString(data.resolve("file"), "hello");
        meta(data.resolve("file"), UID, GID, 0644, 2);
        FileSys.lsetxattr(data.resolve("file"), "user.k", bytes("v"));
        FileSys.lsetxattr(data.resolve("file"), "trusted.t", bytes("x"));
        Files.writeString(data.resolve("setuid"), "bin");
        meta(data.resolve("setuid"), 0, 0, 04755, 3);
        FileSys.lsetxattr(data.resolve("setuid"), "security.capability", CopyUpFixtures.netBindCapability());
        Files.createFile(data.resolve("empty"));
        meta(data.resolve("empty"), UID, 0, 0600, 4);
        Files.write(data.resolve("big"), big);
        meta(data.resolve("big"), 0, GID, 0640, 5);
        Path sub = Files.createDirectories(data.resolve("dir/sub"));
        Files.writeString(sub.resolve("inner"), "inner");
        meta(sub.resolve("inner"), UID, GID, 0444, 6);
        Files.createSymbolicLink(data.resolve("dir/link-abs"), Path.of("/etc/passwd"));
        meta(data.resolve("dir/link-abs"), UID, GID, 0, 7);
        FileSys.lsetxattr(data.resolve("dir/link-abs"), "trusted.link", bytes("l"));
        // Java would normalise "foo//bar/" on the way in; ln keeps the exact bytes a copy must preserve.
        CopyUpFixtures.sh("ln -s 'foo//bar/' '" + data.resolve("dir/link-odd") + "'");
        Files.writeString(data.resolve("hard1"), "hard");
        meta(data.resolve("hard1"), UID, GID, 0700, 8);
        Files.createLink(data.resolve("dir/hard2"), data.resolve("hard1"));
        Files.createLink(sub.resolve("hard3"), data.resolve("hard1"));
        FileSys.mknod(data.resolve("fifo"), FileSys.S_IFIFO | 0600, 0, 0);
        meta(data.resolve("fifo"), UID, GID, 0620, 9);
        FileSys.mknod(data.resolve("chr"), FileSys.S_IFCHR | 0600, 1, 3);
        meta(data.resolve("chr"), 0, 0, 0666, 10);
        FileSys.mknod(data.resolve("blk"), FileSys.S_IFBLK | 0600, 7, 200);
        meta(data.resolve("blk"), 0, 6, 0660, 11);
        FileSys.mknod(data.resolve("sock"), FileSys.S_IFSOCK | 0600, 0, 0);
        meta(data.resolve("sock"), UID, GID, 0755, 12);
        // Directories last, innermost first: creating their children above moved their times.
        meta(sub, UID, GID, 02750, 13);
        meta(data.resolve("dir"), UID, GID, 01777, 14);
        FileSys.lsetxattr(data.resolve("dir"), "user.d", bytes("dv"));
        meta(data, 1001, 1002, 02775, 15);
        FileSys.lsetxattr(data, "user.root", bytes("r"));
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 1, 2})
    void copyIfEmpty_everyKindOfEntry_preservesTypeOwnerModeTimesXattrs(int workers) throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String rel : ENTRIES) {
            expected.put(rel, attributes(data.resolve(rel)));
        }
        long fds = CopyUpFixtures.openDescriptors();

        CopyUpResult result = CopyUp.copyIfEmpty(rootfs, "/data", volume, workers);

        // Other threads of the shared test JVM may close descriptors meanwhile; a leak would only ever add some.
        assertThat(CopyUpFixtures.openDescriptors()).isLessThanOrEqualTo(fds);
        Map<String, String> actual = new LinkedHashMap<>();
        for (String rel : ENTRIES) {
            actual.put(rel, attributes(volume.resolve(rel)));
        }
        assertThat(actual).isEqualTo(expected);
        for (String rel : ENTRIES) {
            Path copy = volume.resolve(rel);
            assertThat(new HashSet<>(FileSys.llistxattr(copy))).as(rel)
                    .isEqualTo(new HashSet<>(FileSys.llistxattr(data.resolve(rel))));
            for (String name : FileSys.llistxattr(copy)) {
                assertThat(FileSys.lgetxattr(copy, name)).as(rel + " " + name)
                        .isEqualTo(FileSys.lgetxattr(data.resolve(rel), name));
            }
        }
        assertThat(FileSys.lgetxattr(volume.resolve("setuid"), "security.capability"))
                .isEqualTo(CopyUpFixtures.netBindCapability());
        assertThat(result).isEqualTo(new CopyUpResult(CopyUpResult.Outcome.COPIED, ENTRIES.size() - 1,
                5 + 3 + big.length + 5 + 4));
        assertThat(Files.readAllBytes(volume.resolve("big"))).isEqualTo(big);
        assertThat(Files.readString(volume.resolve("file"))).isEqualTo("hello");
        assertThat(Files.readString(volume.resolve("dir/sub/inner"))).isEqualTo("inner");
        assertThat(Files.size(volume.resolve("empty"))).isZero();
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void copyIfEmpty_hardLinks_shareOneInode(int workers) throws IOException {
        CopyUp.copyIfEmpty(rootfs, "/data", volume, workers);

        long ino = FileSys.lstat(volume.resolve("hard1")).ino();
        assertThat(FileSys.lstat(volume.resolve("dir/hard2")).ino()).isEqualTo(ino);
        assertThat(FileSys.lstat(volume.resolve("dir/sub/hard3")).ino()).isEqualTo(ino);
        assertThat(FileSys.lstat(volume.resolve("hard1")).nlink()).isEqualTo(3);
        assertThat(FileSys.lstat(volume.resolve("file")).ino()).isNotEqualTo(ino);
        assertThat(FileSys.lstat(volume.resolve("hard1")).ino()).isNotEqualTo(FileSys.lstat(data.resolve("hard1"))
                .ino());
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void copyIfEmpty_symlinks_copiedVerbatimNeverFollowed(int workers) throws IOException {
        CopyUp.copyIfEmpty(rootfs, "/data", volume, workers);

        assertThat(FileSys.lstat(volume.resolve("dir/link-abs")).isSymlink()).isTrue();
        assertThat(Files.readSymbolicLink(volume.resolve("dir/link-abs")).toString()).isEqualTo("/etc/passwd");
        assertThat(Files.readSymbolicLink(volume.resolve("dir/link-odd")).toString()).isEqualTo("foo//bar/");
    }
}
