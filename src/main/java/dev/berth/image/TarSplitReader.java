package dev.berth.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Rebuilds a layer's original tar from its tar-split file and the unpacked files (see {@link TarSplitWriter}).
 * Content of file record {@code i} comes from {@code dup/<i>} when the unpacker moved it aside because a later
 * entry replaced the path, else from {@code diff/<path>}. Stateless and thread-safe.
 */
final class TarSplitReader {

    private TarSplitReader() {
    }

    /** Writes the tar to {@code out} and returns its length. */
    static long assemble(Path layerDir, OutputStream out) throws IOException {
        Path diff = layerDir.resolve(LayerStore.DIFF);
        Path dup = layerDir.resolve(LayerStore.DUP);
        byte[] buf = new byte[64 * 1024];
        long written = 0;
        int fileIndex = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(layerDir.resolve(LayerStore.TAR_SPLIT)), 64 * 1024)))) {
            while (true) {
                int kind = in.read();
                switch (kind) {
                    case TarSplitWriter.RAW -> {
                        int len = in.readInt();
                        copy(in, out, len, buf);
                        written += len;
                    }
                    case TarSplitWriter.FILE -> {
                        long size = in.readLong();
                        byte[] p = new byte[in.readInt()];
                        in.readFully(p);
                        Path moved = dup.resolve(Integer.toString(fileIndex++));
                        Path source = Files.exists(moved, LinkOption.NOFOLLOW_LINKS)
                                ? moved : diff.resolve(new String(p, StandardCharsets.UTF_8));
                        try (InputStream f = Files.newInputStream(source, StandardOpenOption.READ,
                                LinkOption.NOFOLLOW_LINKS)) {
                            copy(f, out, size, buf);
                        }
                        written += size;
                    }
                    case TarSplitWriter.END -> {
                        long total = in.readLong();
                        if (total != written) {
                            throw new IOException("tar-split of " + layerDir + " is inconsistent");
                        }
                        return written;
                    }
                    default -> throw new IOException("tar-split of " + layerDir + " is corrupt");
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n, byte[] buf) throws IOException {
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("layer content is shorter than recorded; the layer was modified");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }
}
