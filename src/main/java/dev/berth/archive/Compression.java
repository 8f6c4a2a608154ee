package dev.berth.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.berth.errors.InvalidArgumentException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Recognises how a tar stream is compressed from its first bytes (gzip, bzip2, xz, zstd or none) and returns the
 * uncompressed stream, as Docker's {@code DecompressStream} does. Stateless and thread-safe.
 */
public final class Compression {

    private Compression() {
    }

    public static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bis ? bis : new BufferedInputStream(in, 64 * 1024);
        b.mark(8);
        byte[] magic = b.readNBytes(6);
        b.reset();
        if (startsWith(magic, 0x1f, 0x8b, 0x08)) {
            return new GZIPInputStream(b, 64 * 1024);
        }
        if (startsWith(magic, 'B', 'Z', 'h')) {
            return new BZip2CompressorInputStream(b, true);
        }
        if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return new XZInputStream(b);
        }
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            return zstd(b);
        }
        return b;
    }

    private static InputStream zstd(InputStream in) throws IOException {
        try {
            ZstdInputStream z = new ZstdInputStream(in);
            z.setContinuous(false);
            return z;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // zstd-jni carries its native library for the common platforms only.
            throw new InvalidArgumentException("zstd compressed archives are not supported on this platform: "
                    + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
