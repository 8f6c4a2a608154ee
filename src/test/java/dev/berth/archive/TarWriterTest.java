package dev.berth.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TarWriterTest {

    private static final byte[] BINARY = {0, 1, (byte) 0xff, (byte) 0x80, '\n', '=', 0x7f};

    @Test
    void writeEntry_longNamesBigIdsAndXattrs_readBackByCommonsCompress() throws IOException {
        String longName = "d/" + "x".repeat(300);
        String ustarSplit = "a".repeat(120) + "/" + "b".repeat(90);
        String unicode = "répertoire/文件";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(out);
        tar.writeEntry(header(longName, TarWriter.REG, 5_000_000, 7, 3, "", Map.of()), in("abc"));
        tar.writeEntry(header(ustarSplit, TarWriter.REG, 0, 0, 0, "", Map.of()), in(""));
        tar.writeEntry(header(unicode, TarWriter.SYMLINK, 0, 0, 0, "../" + "t".repeat(150), Map.of()), in(""));
        tar.writeEntry(header("caps", TarWriter.REG, 0, 0, 1, "", Map.of("user.bin", BINARY)), in("c"));
        tar.finish();

        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.add(e);
            }
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly(longName, ustarSplit, unicode,
                "caps");
        assertThat(entries.get(0).getLongUserId()).isEqualTo(5_000_000);
        assertThat(entries.get(0).getSize()).isEqualTo(3);
        assertThat(entries.get(2).getLinkName()).isEqualTo("../" + "t".repeat(150));
        assertThat(out.size() % 512).isZero();
    }

    @Test
    void parse_rawPaxRecords_binaryXattrsExact() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(out);
        tar.writeEntry(header("f", TarWriter.REG, 0, 0, 1, "", Map.of("security.capability", BINARY,
                "user.text", "héllo".getBytes(StandardCharsets.UTF_8))), in("x"));
        tar.finish();
        byte[] data = out.toByteArray();

        Map<String, byte[]> xattrs = PaxXattrs.parse(data, data.length, 0);

        assertThat(xattrs).containsOnlyKeys("security.capability", "user.text");
        assertThat(xattrs.get("security.capability")).isEqualTo(BINARY);
        assertThat(new String(xattrs.get("user.text"), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void parse_libarchiveRecords_urlNameAndBase64Value() {
        String value = Base64.getEncoder().encodeToString(BINARY);
        String record = "LIBARCHIVE.xattr.user.with%20space=" + value + "\n";
        int len = record.length() + 3;
        byte[] body = (len + " " + record).getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[1024 + 512];
        data[156] = 'x';
        byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, data, 124, size.length);
        System.arraycopy(body, 0, data, 512, body.length);
        data[1024 + 156] = '0';

        Map<String, byte[]> xattrs = PaxXattrs.parse(data, data.length, 0);

        assertThat(xattrs).containsOnlyKeys("user.with space");
        assertThat(xattrs.get("user.with space")).isEqualTo(BINARY);
    }

    private static TarWriter.Header header(String name, byte type, long uid, long gid, long size, String link,
                                           Map<String, byte[]> xattrs) {
        return new TarWriter.Header(name, type, 0644, uid, gid, size, 1_700_000_000L, link, 0, 0, xattrs);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void typeOf_fileTypes_andNothingForASocket() {
        assertThat(TarWriter.typeOf(0040000)).isEqualTo(TarWriter.DIR);
        assertThat(TarWriter.typeOf(0100000)).isEqualTo(TarWriter.REG);
        assertThat(TarWriter.typeOf(0120000)).isEqualTo(TarWriter.SYMLINK);
        assertThat(TarWriter.typeOf(0020000)).isEqualTo(TarWriter.CHAR);
        assertThat(TarWriter.typeOf(0060000)).isEqualTo(TarWriter.BLOCK);
        assertThat(TarWriter.typeOf(0010000)).isEqualTo(TarWriter.FIFO);
        assertThat(TarWriter.typeOf(0140000)).isZero();
    }

    @org.junit.jupiter.api.Test
    void hardLinks_laterNamesPointAtTheFirst() {
        HardLinks links = new HardLinks();
        assertThat(links.earlierName(1, 7, 2, "a")).isNull();
        assertThat(links.earlierName(1, 7, 2, "b")).isEqualTo("a");
        assertThat(links.earlierName(2, 7, 2, "c")).isNull(); // another device
        assertThat(links.earlierName(1, 8, 1, "d")).isNull();
        assertThat(links.earlierName(1, 8, 1, "e")).isNull(); // one link: never remembered
    }
}
