package dev.berth.mount;

/**
 * What {@link CopyUp#copyIfEmpty} did: copied (with the number of entries created below the volume root and the
 * bytes of file content written) or skipped, and why. Immutable and thread-safe.
 */
public record CopyUpResult(Outcome outcome, long entries, long bytes) {

    /** Why a copy-up happened or did not; only {@link #COPIED} touched the volume. */
    public enum Outcome {
        COPIED,
        /** The image has nothing at the mount destination. */
        SOURCE_MISSING,
        /** The image has a file (or something else that is not a directory) at the destination. */
        SOURCE_NOT_DIRECTORY,
        /** The volume already has content: the first container to use it initialised it. */
        TARGET_NOT_EMPTY
    }

    public CopyUpResult {
        if (outcome == null || entries < 0 || bytes < 0) {
            throw new IllegalArgumentException("invalid copy-up result " + outcome + " " + entries + " " + bytes);
        }
        if (outcome != Outcome.COPIED && (entries != 0 || bytes != 0)) {
            throw new IllegalArgumentException("a skipped copy-up copies nothing");
        }
    }

    static CopyUpResult skipped(Outcome why) {
        return new CopyUpResult(why, 0, 0);
    }

    public boolean copied() {
        return outcome == Outcome.COPIED;
    }
}
