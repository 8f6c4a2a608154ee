package dev.berth.mount;

/**
 * The one I/O seam of this package: whether a bind source exists on the host, following symlinks like
 * {@code stat(2)}. Implementations must be thread-safe; {@link #filesystem()} is.
 */
@FunctionalInterface
public interface BindSourceChecker {

    /** Never throws: a failure other than "does not exist" is reported as {@link SourceStatus.Failed}. */
    SourceStatus stat(String path);

    /** The real host file system, through {@code java.nio}. */
    static BindSourceChecker filesystem() {
        return FilesystemBindSourceChecker.INSTANCE;
    }

    /** The outcome of a stat. Immutable and thread-safe. */
    sealed interface SourceStatus {
        SourceStatus EXISTS = new Exists();
        SourceStatus MISSING = new Missing();

        /** The path exists. */
        record Exists() implements SourceStatus {
        }

        /** The path does not exist (ENOENT). */
        record Missing() implements SourceStatus {
        }

        /** Any other failure; {@code error} is surfaced verbatim, e.g. {@code stat /x: permission denied}. */
        record Failed(String error) implements SourceStatus {
        }
    }
}
