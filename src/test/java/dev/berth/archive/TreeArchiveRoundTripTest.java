package dev.berth.archive;

import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tree's tar with every xattr ({@code allXattrs}, a volume export) extracted elsewhere with the root's metadata (a
 * volume import): binary xattr values survive byte for byte, the root takes the tar's owner and mode, hard links
 * stay links. Docker's options leave the destination root alone. Real files; runs as root (owners).
 */
class TreeArchiveRoundTripTest {

    /** Not valid UTF-8: a reader that decodes PAX values as text would change it. */
    private static final byte[] BINARY = {(byte) 0xff, 0x00, (byte) 0x80, 0x7f, (byte) 0xc3, 0x28};
    /** A VFS_CAP_REVISION_2 value: cap_net_raw (bit 13) permitted, effective. */
    private static final byte[] CAPABILITY = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

    @TempDir
    Path tmp;

    @Test
    void allXattrs_andTheRoot_roundTrip() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("sub"));
        Path a = Files.writeString(src.resolve("sub/a"), "hi\n");
        Files.createLink(src.resolve("hard"), a);
        Path tool = Files.writeString(src.resolve("tool"), "#!/bin/sh\n");
        FileSys.lsetxattr(a, "user.bin", BINARY);
        FileSys.lsetxattr(src.resolve("sub"), "user.dir", "d".getBytes(StandardCharsets.UTF_8));
        FileSys.lsetxattr(tool, "security.capability", CAPABILITY);
        FileSys.lchown(src, 999, 998);
        FileSys.chmod(src, 0700);

        byte[] tar = tar(src, true);
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        extract(dst, tar, new TreeArchive.ExtractOptions(false, null, null, true));

        assertThat(FileSys.lgetxattr(dst.resolve("sub/a"), "user.bin")).isEqualTo(BINARY);
        assertThat(FileSys.lgetxattr(dst.resolve("sub"), "user.dir")).isEqualTo("d".getBytes(StandardCharsets.UTF_8));
        assertThat(FileSys.lgetxattr(dst.resolve("tool"), "security.capability")).isEqualTo(CAPABILITY);
        Stat root = FileSys.lstat(dst);
        assertThat(root.uid()).isEqualTo(999);
        assertThat(root.gid()).isEqualTo(998);
        assertThat(root.mode() & 07777).isEqualTo(0700);
        Stat hard = FileSys.lstat(dst.resolve("hard"));
        assertThat(hard.ino()).isEqualTo(FileSys.lstat(dst.resolve("sub/a")).ino());
        assertThat(hard.nlink()).isEqualTo(2);
    }

    @Test
    void dockersOptions_leaveTheRootAlone_andTarOnlyTheCapability() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path f = Files.writeString(src.resolve("f"), "x");
        FileSys.lsetxattr(f, "user.bin", BINARY);
        FileSys.lsetxattr(f, "security.capability", CAPABILITY);
        FileSys.chmod(src, 0700);

        byte[] tar = tar(src, false);
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        FileSys.chmod(dst, 0755);
        extract(dst, tar, new TreeArchive.ExtractOptions(false, null, null));

        assertThat(FileSys.lstat(dst).mode() & 07777).isEqualTo(0755);
        assertThat(FileSys.llistxattr(dst.resolve("f"))).containsExactly("security.capability");
        assertThat(FileSys.lgetxattr(dst.resolve("f"), "security.capability")).isEqualTo(CAPABILITY);
    }

    @Test
    void extract_readsBinaryPaxXattrs_byteForByte() throws IOException {
        // A tar as GNU tar or Go writes it, with a binary value in a SCHILY.xattr record; before it a file whose
        // content the extraction reads, so the raw header segment starts mid-stream.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(bytes);
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        w.writeEntry(new TarWriter.Header("big", TarWriter.REG, 0100644, 0, 0, big.length, 0, null, 0, 0, null),
                new ByteArrayInputStream(big));
        w.writeEntry(new TarWriter.Header("x", TarWriter.REG, 0100600, 0, 0, 1, 0, null, 0, 0,
                Map.of("user.bin", BINARY)), new ByteArrayInputStream(new byte[] {'x'}));
        w.finish();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        extract(dst, bytes.toByteArray(), new TreeArchive.ExtractOptions(false, null, null));
        assertThat(FileSys.lgetxattr(dst.resolve("x"), "user.bin")).isEqualTo(BINARY);
        assertThat(Files.size(dst.resolve("big"))).isEqualTo(big.length);
    }

    /** Go's tar reader: an empty stream is an empty archive; one that ends inside a record is not an archive. */
    @Test
    void extract_refusesWhatIsNotATar() throws IOException {
        extract(tmp, new byte[0], new TreeArchive.ExtractOptions(false, null, null));
        assertThat(tmp).isEmptyDirectory();
        for (byte[] bad : List.of("not a tar\n".getBytes(StandardCharsets.US_ASCII), garbage(512), garbage(1500))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> extract(tmp, bad, new TreeArchive.ExtractOptions(false, null, null)))
                    .as("%d bytes", bad.length).isInstanceOf(MalformedArchiveException.class);
        }
        assertThat(tmp).isEmptyDirectory();
    }

    /** A tar cut inside a file's content fails as malformed, not as a filesystem error. */
    @Test
    void extract_truncatedContent_isMalformed() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.write(src.resolve("big"), garbage(100_000));
        byte[] whole = tar(src, false);
        Path dst = Files.createDirectory(tmp.resolve("dst"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> extract(dst,
                        java.util.Arrays.copyOf(whole, 512 * 50), new TreeArchive.ExtractOptions(false, null, null)))
                .isInstanceOfSatisfying(IOException.class,
                        e -> assertThat(MalformedArchiveException.isMalformed(e)).as(e.toString()).isTrue());
    }

    /**
     * At the view's root, as in Docker's extraction chrooted into a container: ".." stops at the root, so names and
     * links that climb land inside, and a symlink out of the tree is followed inside it. Errors name paths of the
     * view, never the host's.
     */
    @Test
    void extract_atTheRoot_confinesClimbingNamesAndLinks_asAChrootDoes() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "host\n");
        Path dir = Files.createDirectory(tmp.resolve("vol"));
        TreeArchive.ExtractOptions docker = new TreeArchive.ExtractOptions(false, null, null);
        extract(dir, entries(file("../evil"), link("sl", "../../x", true)), docker);
        assertThat(dir.resolve("evil")).hasContent("x");
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(Files.readSymbolicLink(dir.resolve("sl")).toString()).isEqualTo("../../x");
        Map<byte[], String> failing = new java.util.LinkedHashMap<>();
        failing.put(entries(link("hl", "../../../.." + secret, false)),
                "link " + secret + " /hl: no such file or directory");
        failing.put(entries(link("esc", tmp.toString(), true), file("esc/file")),
                "open /esc/file: no such file or directory");
        for (Map.Entry<byte[], String> c : failing.entrySet()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> extract(dir, c.getKey(), docker))
                    .hasMessage(c.getValue());
        }
        assertThat(Files.readString(secret)).isEqualTo("host\n");
        assertThat(FileSys.lstat(secret).nlink()).isEqualTo(1);
        assertThat(tmp.resolve("file")).doesNotExist();
        assertThat(Files.readSymbolicLink(dir.resolve("esc"))).isEqualTo(tmp);
        // below the root, a climb out of the destination is refused with Docker's text
        Files.createDirectory(dir.resolve("srv"));
        try (FsView view = FsView.open(dir, List.of())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TreeArchive.extract(view, "/srv",
                            new ByteArrayInputStream(entries(file("../x"))), docker))
                    .isInstanceOf(MalformedArchiveException.class).hasMessage("\"../x\" is outside of \"/srv\"");
        }
    }

    private static TarArchiveEntry file(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(1);
        return e;
    }

    private static TarArchiveEntry link(String name, String target, boolean symbolic) {
        TarArchiveEntry e = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK);
        e.setLinkName(target);
        return e;
    }

    private static byte[] entries(TarArchiveEntry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e : entries) {
                tar.putArchiveEntry(e);
                if (e.getSize() > 0) {
                    tar.write(new byte[] {'x'});
                }
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] garbage(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static byte[] tar(Path dir, boolean allXattrs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FsView view = FsView.open(dir, List.of())) {
            TreeArchive.tar(view, "/.", out, allXattrs);
        }
        return out.toByteArray();
    }

    private static void extract(Path dir, byte[] tar, TreeArchive.ExtractOptions options) throws IOException {
        try (FsView view = FsView.open(dir, List.of())) {
            TreeArchive.extract(view, "/", new ByteArrayInputStream(tar), options);
        }
    }
}
