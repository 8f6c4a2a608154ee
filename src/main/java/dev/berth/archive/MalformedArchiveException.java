package dev.berth.archive;

import com.github.luben.zstd.ZstdIOException;
import org.tukaani.xz.XZIOException;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * The tar stream (or its compression) is not well formed: it ends inside a record or an entry's content, or a
 * header does not parse. A fault of whoever sent the archive, not of the filesystem it was extracted to.
 */
public final class MalformedArchiveException extends IOException {

    public MalformedArchiveException(String message) {
        super(message);
    }

    public MalformedArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code e}, thrown while reading an archive, says the archive itself is bad. */
    public static boolean isMalformed(IOException e) {
        return e instanceof MalformedArchiveException || e instanceof EOFException || e instanceof ZipException
                || e instanceof XZIOException || e instanceof ZstdIOException;
    }
}
