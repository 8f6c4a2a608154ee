package dev.berth.archive;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CompressionTest {

    /** Something tar-like: a 512-byte record that starts with a name, then bytes no magic number begins with. */
    private static byte[] payload() {
        byte[] b = new byte[3 * 512 + 7];
        byte[] name = "dir/file.txt".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, b, 0, name.length);
        for (int i = 512; i < b.length; i++) {
            b[i] = (byte) (i * 31 % 251);
        }
        return b;
    }

    private static byte[] compress(String how, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (how) {
            case "none" -> out;
            case "gzip" -> new GZIPOutputStream(out);
            case "bzip2" -> new BZip2CompressorOutputStream(out);
            case "xz" -> new XZOutputStream(out, new LZMA2Options());
            case "zstd" -> new ZstdOutputStream(out);
            default -> throw new IllegalArgumentException(how);
        }) {
            c.write(data);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "bzip2", "xz", "zstd"})
    void decompress_recognisesTheFormatFromItsMagic(String how) throws IOException {
        byte[] data = payload();
        byte[] packed = compress(how, data);
        if (!how.equals("none")) {
            assertThat(packed).isNotEqualTo(data);
        }
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(packed))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "BZ", "\u001f"})
    void decompress_passesShortOrUnknownStreamsThrough(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(data))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd"})
    void decompress_truncatedStreamFailsOnRead(String how) throws IOException {
        byte[] packed = compress(how, payload());
        byte[] cut = java.util.Arrays.copyOf(packed, packed.length / 2);
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(cut))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }
}
