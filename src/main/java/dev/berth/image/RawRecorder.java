package dev.berth.image;

import dev.berth.archive.RawHeaders;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sits under the tar reader and hands every byte it consumes to a {@link TarSplitWriter}, except file content read
 * in content mode: what is recorded plus the files on disk rebuild the exact tar later. The header segment before
 * each entry is kept as {@link RawHeaders} keeps it, for its xattrs. Not thread-safe.
 */
final class RawRecorder extends RawHeaders {

    private final TarSplitWriter split;

    RawRecorder(InputStream in, TarSplitWriter split) {
        super(in);
        this.split = split;
    }

    @Override
    protected void kept(byte[] b, int off, int n) throws IOException {
        split.raw(b, off, n);
    }
}
