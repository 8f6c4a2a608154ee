package dev.berth.archive;

import com.github.luben.zstd.ZstdIOException;
import dev.berth.sys.ErrnoException;
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

    /**
     * Whether the text of {@code e}, thrown by an extraction, is the whole story: the archive's fault, or a system
     * call's failure naming its path and errno. Those are logged without a stack trace.
     */
    public static boolean speaksForItself(IOException e) {
        return isMalformed(e) || e instanceof ErrnoException || e.getClass() == IOException.class;
    }

    /** Whether {@code e}, thrown while reading an archive, says the archive itself is bad. */
    public static boolean isMalformed(IOException e) {
        return e instanceof MalformedArchiveException || e instanceof EOFException || e instanceof ZipException
                || e instanceof XZIOException || e instanceof ZstdIOException;
    }
}
