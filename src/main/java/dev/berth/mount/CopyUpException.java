package dev.berth.mount;

import dev.berth.gotext.GoQuote;
import dev.berth.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * A copy-up that failed part-way: names the image path being copied and the reason, never the
 * {@code /proc/self/fd} paths the copy works through. The volume keeps what was copied before the failure.
 * Immutable and thread-safe.
 */
public final class CopyUpException extends IOException {

    CopyUpException(String imagePath, IOException cause) {
        super("failed to copy image content " + GoQuote.quote(imagePath) + " into volume: " + reason(cause), cause);
    }

    private static String reason(IOException e) {
        if (e instanceof ErrnoException errno) {
            return errno.syscall() + ": " + ErrnoException.strerror(errno.errno());
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
        }
        return e.getMessage();
    }
}
