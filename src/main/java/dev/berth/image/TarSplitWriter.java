package dev.berth.image;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a layer's tar-split file: the tar's raw bytes (headers, padding, trailer) interleaved with references to
 * file content by path, so {@link TarSplitReader} can rebuild the original tar byte for byte, and with it the diff
 * ID, without keeping a second copy of the layer. Format (gzip): {@code 'R' len bytes}, {@code 'F' size path},
 * {@code 'E' total}. Not thread-safe.
 */
final class TarSplitWriter implements AutoCloseable {

    static final int RAW = 'R';
    static final int FILE = 'F';
    static final int END = 'E';
    private static final int FLUSH_AT = 64 * 1024;

    private final DataOutputStream out;
    private final byte[] pending = new byte[FLUSH_AT];
    private int pendingLength;
    private long total;
    private int files;

    TarSplitWriter(Path file) throws IOException {
        OutputStream os = Files.newOutputStream(file);
        this.out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os, 64 * 1024)));
    }

    void raw(byte[] b, int off, int n) throws IOException {
        total += n;
        while (n > 0) {
            int take = Math.min(n, pending.length - pendingLength);
            System.arraycopy(b, off, pending, pendingLength, take);
            pendingLength += take;
            off += take;
            n -= take;
            if (pendingLength == pending.length) {
                flushRaw();
            }
        }
    }

    /** Records that {@code size} bytes of content come from {@code path}; returns the file record's index. */
    int file(String path, long size) throws IOException {
        flushRaw();
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        out.writeByte(FILE);
        out.writeLong(size);
        out.writeInt(p.length);
        out.write(p);
        total += size;
        return files++;
    }

    /** Bytes of the whole tar recorded so far. */
    long total() {
        return total;
    }

    private void flushRaw() throws IOException {
        if (pendingLength > 0) {
            out.writeByte(RAW);
            out.writeInt(pendingLength);
            out.write(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    /** Ends the split and flushes it to disk (fsync is the caller's, with the rest of the layer). */
    void finish() throws IOException {
        flushRaw();
        out.writeByte(END);
        out.writeLong(total);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
