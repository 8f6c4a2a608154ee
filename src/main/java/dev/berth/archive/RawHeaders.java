package dev.berth.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Sits under a tar reader and keeps the raw bytes it consumed since {@link #startSegment()}, so the PAX records
 * before an entry can be read byte for byte ({@link PaxXattrs}): commons-compress decodes them as UTF-8, which
 * mangles binary xattr values such as {@code security.capability}. Bytes read in content mode (a file's content)
 * are counted but not kept. Subclasses see every kept byte ({@link #kept}). Not thread-safe.
 */
public class RawHeaders extends FilterInputStream {

    /** Headers are small; a segment this large is content the reader skipped, and is not kept. */
    private static final int LIMIT = 1 << 20;

    private long position;
    private long segmentStart;
    private boolean contentMode;
    private byte[] data = new byte[4096];
    private int length;
    private boolean overflowed;
    private boolean sourceFailed;

    public RawHeaders(InputStream in) {
        super(in);
    }

    /** Absolute offset in the stream. */
    public final long position() {
        return position;
    }

    /** Whether reading the stream below failed (an error of the source, not of the archive's content). */
    public final boolean sourceFailed() {
        return sourceFailed;
    }

    /** While on, consumed bytes are counted but neither kept nor handed to {@link #kept}. */
    public final void contentMode(boolean on) {
        contentMode = on;
    }

    /** Starts a new segment, content mode off: call right before asking the tar reader for its next entry. */
    public final void startSegment() {
        segmentStart = position;
        length = 0;
        overflowed = false;
        contentMode = false;
    }

    /** The xattrs of the entry just read (its PAX records, byte-exact), or null when its segment was too large. */
    public final Map<String, byte[]> xattrs() {
        return overflowed ? null : PaxXattrs.parse(data, length, segmentStart);
    }

    /** Called with every byte consumed outside content mode. */
    protected void kept(byte[] b, int off, int n) throws IOException {
    }

    @Override
    public final int read() throws IOException {
        int b = source(null, 0, 0);
        if (b >= 0) {
            consumed(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        int n = source(b, off, len);
        if (n > 0) {
            consumed(b, off, n);
        }
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
        // Skipped bytes are part of the stream too: read, so they are counted and kept like the others.
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
    public final boolean markSupported() {
        return false;
    }

    private int source(byte[] b, int off, int len) throws IOException {
        try {
            return b == null ? in.read() : in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            throw e;
        }
    }

    private void consumed(byte[] b, int off, int n) throws IOException {
        position += n;
        if (contentMode) {
            return;
        }
        kept(b, off, n);
        if (overflowed || length + n > LIMIT) {
            overflowed = true;
            return;
        }
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        System.arraycopy(b, off, data, length, n);
        length += n;
    }
}
