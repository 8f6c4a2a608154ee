package dev.berth.image;

import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class LayerStoreTest {

    @TempDir
    Path dir;
    LayerStore store;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(FileSys.geteuid() == 0, "needs root for lchown, mknod and trusted xattrs");
        store = new LayerStore(dir.resolve("image"));
    }

    private LayerStore.Layer register(byte[] tar) throws IOException {
        return store.register(null, new ByteArrayInputStream(tar), null);
    }

    @Test
    void register_busyboxRootfs_unpacksTypesModesAndLinks() throws IOException {
        byte[] tar = TarBuilder.busyboxRootfs();
        LayerStore.Layer layer = register(tar);
        Path diff = layer.diff();

        assertThat(layer.diffId()).isEqualTo(Digests.of(tar));
        assertThat(layer.chainId()).isEqualTo(layer.diffId());
        assertThat(layer.tarSize()).isEqualTo(tar.length);
        Stat busybox = FileSys.lstat(diff.resolve("bin/busybox"));
        assertThat(busybox.permissions()).isEqualTo(0755);
        assertThat(busybox.size()).isEqualTo(Files.size(Path.of("/bin/busybox")));
        assertThat(busybox.nlink()).isEqualTo(2);
        assertThat(FileSys.lstat(diff.resolve("bin/busybox-hardlink")).ino()).isEqualTo(busybox.ino());
        assertThat(Files.readSymbolicLink(diff.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(FileSys.lstat(diff.resolve("tmp")).permissions()).isEqualTo(01777);
        assertThat(FileSys.lstat(diff.resolve("root")).permissions()).isEqualTo(0700);
        assertThat(busybox.mtimeSec()).isEqualTo(TarBuilder.MTIME);
        assertThat(FileSys.lstat(diff.resolve("etc")).mtimeSec()).isEqualTo(TarBuilder.MTIME);
        // Docker's layer size: file bytes once per inode, plus each symlink's target length (12 applets).
        assertThat(layer.size()).isEqualTo(busybox.size() + Files.size(diff.resolve("etc/passwd"))
                + Files.size(diff.resolve("etc/group")) + 12 * "busybox".length());
    }

    @Test
    void register_specialFiles_restoresOwnersDevicesAndXattrs() throws IOException {
        byte[] cap = {1, 0, 0, 2, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] tar = new TarBuilder()
                .owner(1000, 1001).dir("home", 02755).file("home/suid", "x", 04755)
                .owner(123, 456).symlink("home/link", "/nowhere")
                .owner(0, 0).charDevice("null", 0666, 1, 3).fifo("pipe", 0600)
                .xattr("user.note", "héllo".getBytes(StandardCharsets.UTF_8))
                .xattr("security.capability", cap)
                .owner(1000, 1000).file("ping", "binary", 0755)
                .owner(0, 0).xattr("trusted.overlay.redirect", "/etc".getBytes(StandardCharsets.UTF_8))
                .dir("sneaky", 0755)
                .build();
        Path diff = register(tar).diff();

        Stat suid = FileSys.lstat(diff.resolve("home/suid"));
        assertThat(suid.permissions()).isEqualTo(04755);
        assertThat(suid.uid()).isEqualTo(1000);
        assertThat(suid.gid()).isEqualTo(1001);
        assertThat(FileSys.lstat(diff.resolve("home")).permissions()).isEqualTo(02755);
        Stat link = FileSys.lstat(diff.resolve("home/link"));
        assertThat(link.isSymlink()).isTrue();
        assertThat(link.uid()).isEqualTo(123);
        assertThat(link.gid()).isEqualTo(456);
        Stat dev = FileSys.lstat(diff.resolve("null"));
        assertThat(dev.type()).isEqualTo(FileSys.S_IFCHR);
        assertThat(FileSys.major(dev.rdev())).isEqualTo(1);
        assertThat(FileSys.minor(dev.rdev())).isEqualTo(3);
        assertThat(dev.permissions()).isEqualTo(0666);
        assertThat(FileSys.lstat(diff.resolve("pipe")).type()).isEqualTo(FileSys.S_IFIFO);
        Path ping = diff.resolve("ping");
        assertThat(new String(FileSys.lgetxattr(ping, "user.note"), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(FileSys.lgetxattr(ping, "security.capability")).isEqualTo(cap);
        assertThat(FileSys.lstat(ping).uid()).isEqualTo(1000);
        assertThat(FileSys.llistxattr(diff.resolve("sneaky"))).doesNotContain("trusted.overlay.redirect");
    }

    @Test
    void register_whiteouts_becomeOverlayWhiteoutsAndOpaqueDirs() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc", 0755).whiteout("etc/motd").dir("var", 0755).opaque("var").whiteout("gone")
                .build();
        Path diff = register(tar).diff();

        Stat motd = FileSys.lstat(diff.resolve("etc/motd"));
        assertThat(motd.type()).isEqualTo(FileSys.S_IFCHR);
        assertThat(motd.rdev()).isZero();
        assertThat(FileSys.lstat(diff.resolve("gone")).type()).isEqualTo(FileSys.S_IFCHR);
        assertThat(FileSys.lgetxattr(diff.resolve("var"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
        assertThat(Files.exists(diff.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(diff.resolve("var/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void register_dotDotEntry_refusedAndNothingVisible() throws IOException {
        byte[] tar = new TarBuilder().dir("a", 0755).file("a/../../escape", "x", 0644).build();

        assertThatThrownBy(() -> register(tar))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid archive entry \"a/../../escape\": path escapes the root");
        assertThat(Files.exists(dir.resolve("escape"))).isFalse();
        assertThat(Files.exists(dir.resolve("image/escape"))).isFalse();
        assertThat(store.chainIds()).isEmpty();
        try (var tmp = Files.list(store.tmpDir())) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void register_writeThroughArchiveSymlink_refusedAndTargetUntouched() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        byte[] tar = new TarBuilder()
                .symlink("evil", outside.toString())
                .file("evil/pwned", "owned", 0644)
                .build();

        assertThatThrownBy(() -> register(tar))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid archive entry \"evil/pwned\": \"evil\" is a symlink; refusing to write "
                        + "through it");
        try (var s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void register_relativeSymlinkEscape_refused() throws IOException {
        Files.writeString(dir.resolve("victim"), "keep");
        byte[] tar = new TarBuilder()
                .symlink("up", "../../../..")
                .file("up/victim", "replaced", 0644)
                .build();

        assertThatThrownBy(() -> register(tar)).isInstanceOf(LayerFormatException.class);
        assertThat(Files.readString(dir.resolve("victim"))).isEqualTo("keep");
    }

    @Test
    void register_hardlinkOutsideLayer_refused() {
        byte[] tar = new TarBuilder().hardlink("passwd", "../../../etc/passwd", 0644).build();

        assertThatThrownBy(() -> register(tar))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid archive entry \"../../../etc/passwd\": path escapes the root");
    }

    @Test
    void register_absoluteNames_madeRelative() throws IOException {
        byte[] tar = new TarBuilder().dir("/abs", 0755).file("/abs/file", "x", 0600).build();

        Path diff = register(tar).diff();

        assertThat(Files.readString(diff.resolve("abs/file"))).isEqualTo("x");
    }

    @Test
    void register_replacedPath_tarSplitStillRebuildsOriginal() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("d", 0755).file("d/f", "first", 0644).file("x", "one", 0644)
                .file("x", "two", 0644).file("d", "dir became a file", 0644)
                .build();
        LayerStore.Layer layer = register(tar);

        assertThat(Files.readString(layer.diff().resolve("x"))).isEqualTo("two");
        assertThat(Files.readString(layer.diff().resolve("d"))).isEqualTo("dir became a file");
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        assertThat(TarSplitReader.assemble(layer.dir(), rebuilt)).isEqualTo(tar.length);
        assertThat(rebuilt.toByteArray()).isEqualTo(tar);
    }

    @Test
    void register_gzipWithTrailingPadding_diffIdOfUncompressedAndRebuilt() throws IOException {
        byte[] plain = TarBuilder.busyboxRootfs();
        byte[] padded = Arrays.copyOf(plain, plain.length + 10240);
        LayerStore.Layer layer = register(TarBuilder.gzip(padded));

        assertThat(layer.diffId()).isEqualTo(Digests.of(padded));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        TarSplitReader.assemble(layer.dir(), rebuilt);
        assertThat(rebuilt.toByteArray()).isEqualTo(padded);
    }

    @Test
    void register_wrongExpectedDiffId_refused() {
        byte[] tar = new TarBuilder().file("f", "x", 0644).build();
        String wrong = Digests.of(new byte[0]);

        assertThatThrownBy(() -> store.register(null, new ByteArrayInputStream(tar), wrong))
                .isInstanceOf(LayerFormatException.class)
                .hasMessage("invalid diffID for layer: expected \"" + wrong + "\", got \"" + Digests.of(tar) + "\"");
    }

    @Test
    void register_sameLayerTwice_unpackedOnce() throws IOException {
        byte[] tar = new TarBuilder().file("f", "x", 0644).build();
        LayerStore.Layer first = register(tar);
        Files.writeString(first.dir().resolve("marker"), "still the first");

        LayerStore.Layer second = register(tar);

        assertThat(second.dir()).isEqualTo(first.dir());
        assertThat(second.dir().resolve("marker")).exists();
    }

    @Test
    void register_interruptedMidway_leavesNoLayerAndTempIsCleaned() throws IOException {
        byte[] tar = TarBuilder.busyboxRootfs();
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(tar)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > tar.length / 2) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> store.register(null, failing, null)).hasMessage("connection reset");

        assertThat(store.chainIds()).isEmpty();
        assertThat(store.get(Digests.of(tar))).isNull();
    }

    @Test
    void cleanTemp_leftoverOfCrashedUnpack_removed() throws IOException {
        Path leftover = Files.createDirectories(store.tmpDir().resolve("layer-crashed/diff/bin"));
        Files.writeString(leftover.resolve("half"), "partial");

        new LayerStore(dir.resolve("image")).cleanTemp();

        try (var tmp = Files.list(store.tmpDir())) {
            assertThat(tmp).isEmpty();
        }
        assertThat(store.chainIds()).isEmpty();
    }

    @Test
    void remove_layer_goneWithItsFiles() throws IOException {
        LayerStore.Layer layer = register(TarBuilder.busyboxRootfs());

        store.remove(layer.chainId());

        assertThat(store.get(layer.chainId())).isNull();
        assertThat(layer.dir()).doesNotExist();
    }
}
