package dev.berth.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts bytes read and reports the running total every {@value #STEP} bytes and at the end, for progress bars.
 * Not thread-safe.
 */
final class CountingInputStream extends FilterInputStream {

    private static final long STEP = 1 << 20;

    private final LongConsumer report;
    private long count;
    private long lastReported;
    private boolean ended;

    CountingInputStream(InputStream in, LongConsumer report) {
        super(in);
        this.report = report;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        advance(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        advance(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(n);
        advance(s);
        return s;
    }

    private void advance(long n) {
        if (n < 0) {
            if (!ended) {
                ended = true;
                report.accept(count);
            }
            return;
        }
        count += n;
        if (count - lastReported >= STEP) {
            lastReported = count;
            report.accept(count);
        }
    }
}
