package dev.berth.archive;

import dev.berth.errors.InvalidArgumentException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Recognises how a tar stream is compressed from its first bytes (gzip, bzip2, or none) and returns the
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
            throw new InvalidArgumentException("xz compressed archives are not supported; decompress it first");
        }
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            throw new InvalidArgumentException("zstd compressed archives are not supported; decompress it first");
        }
        return b;
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
