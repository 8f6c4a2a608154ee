package dev.berth.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds where to start reading a k8s-file log so that its last {@code n} entries are read, without reading the
 * whole file: scanning backwards, it passes {@code n} line-ending (F) fragments, then keeps going while a stream's
 * earlier fragments (P) still belong to the oldest counted entry. The offset may include a few older entries; the
 * reader keeps only the last {@code n}. Stateless.
 */
final class LogTail {

    private static final int CHUNK = 64 * 1024;

    private LogTail() {
    }

    static long startOffset(FileChannel ch, long size, int n) throws IOException {
        if (n < 0) {
            return 0;
        }
        if (n == 0) {
            return size;
        }
        Scan scan = new Scan(n);
        long chunkEnd = size;
        byte[] carry = new byte[0];
        while (chunkEnd > 0) {
            long chunkStart = Math.max(0, chunkEnd - CHUNK);
            byte[] buf = new byte[(int) (chunkEnd - chunkStart) + carry.length];
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) (chunkEnd - chunkStart));
            while (bb.hasRemaining()) {
                if (ch.read(bb, chunkStart + bb.position()) < 0) {
                    break;
                }
            }
            System.arraycopy(carry, 0, buf, (int) (chunkEnd - chunkStart), carry.length);
            int lineEnd = buf.length;
            // The last byte of the file is a newline after a complete line; skip it so it does not look like an
            // empty line.
            if (chunkEnd == size && lineEnd > 0 && buf[lineEnd - 1] == '\n') {
                lineEnd--;
            }
            for (int i = lineEnd - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    long offset = chunkStart + i + 1;
                    if (scan.line(buf, i + 1, lineEnd - i - 1, offset)) {
                        return scan.result;
                    }
                    lineEnd = i;
                }
            }
            carry = Arrays.copyOf(buf, lineEnd);
            chunkEnd = chunkStart;
        }
        if (carry.length > 0) {
            scan.line(carry, 0, carry.length, 0);
        }
        return 0;
    }

    private static final class Scan {
        private int remaining;
        private final Set<StdStream> open = EnumSet.allOf(StdStream.class);
        private long result = -1;

        Scan(int n) {
            this.remaining = n;
        }

        /** Returns true once the start offset is known. */
        boolean line(byte[] b, int off, int len, long offset) {
            KubeLogLine h = KubeLogLine.header(b, off, len);
            if (h == null) {
                return false;
            }
            if (remaining > 0) {
                if (!h.partial()) {
                    remaining--;
                }
                result = offset;
                return false;
            }
            if (!h.partial()) {
                open.remove(h.stream());
            } else if (open.contains(h.stream())) {
                result = offset;
            }
            return open.isEmpty();
        }
    }
}
