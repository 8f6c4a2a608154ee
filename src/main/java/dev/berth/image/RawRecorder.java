package dev.berth.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits under the tar reader and hands every byte it consumes to a {@link TarSplitWriter}, except file content read
 * while {@link #contentMode} is on: what is recorded plus the files on disk rebuild the exact tar later. It also
 * keeps the last header segment so PAX records can be read as raw bytes (commons-compress decodes them as UTF-8,
 * which mangles binary xattr values). Not thread-safe.
 */
final class RawRecorder extends FilterInputStream {

    private final TarSplitWriter split;
    private long position;
    private boolean contentMode;
    private long segmentStart;
    private final SegmentBuffer segment = new SegmentBuffer();

    RawRecorder(InputStream in, TarSplitWriter split) {
        super(in);
        this.split = split;
    }

    /** Absolute offset in the uncompressed tar stream. */
    long position() {
        return position;
    }

    /** While on, consumed bytes are counted but not recorded: they are file content the split refers to by path. */
    void contentMode(boolean on) {
        contentMode = on;
    }

    /** Starts a new header segment (call right before asking the tar reader for the next entry). */
    void startSegment() {
        segmentStart = position;
        segment.reset();
    }

    /** The bytes consumed since {@link #startSegment()} outside content mode, and their absolute start offset. */
    SegmentBuffer segment() {
        return segment;
    }

    long segmentStart() {
        return segmentStart;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consumed(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            consumed(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes are part of the stream too; read them so they are recorded.
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void consumed(byte[] b, int off, int n) throws IOException {
        position += n;
        if (!contentMode) {
            split.raw(b, off, n);
            segment.append(b, off, n);
        }
    }

    /** A growable byte buffer for one header segment (headers are small; long PAX records at most a few KB). */
    static final class SegmentBuffer {
        private static final int LIMIT = 1 << 20;
        private byte[] data = new byte[4096];
        private int length;
        private boolean overflowed;

        void reset() {
            length = 0;
            overflowed = false;
        }

        void append(byte[] b, int off, int n) {
            if (overflowed || length + n > LIMIT) {
                // A header area this large is not headers; stop keeping it rather than grow without bound.
                overflowed = true;
                return;
            }
            if (length + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + n));
            }
            System.arraycopy(b, off, data, length, n);
            length += n;
        }

        byte[] data() {
            return data;
        }

        int length() {
            return overflowed ? 0 : length;
        }
    }
}
