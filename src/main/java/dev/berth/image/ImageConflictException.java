package dev.berth.image;

import dev.berth.errors.ConflictException;

/** An image cannot be deleted or untagged because containers or other references use it. Immutable, thread-safe. */
public final class ImageConflictException extends ConflictException {

    public ImageConflictException(String message) {
        super(message);
    }

    /** {@code conflict: unable to delete <short id> (must be forced|cannot be forced) - <why>}. */
    static ImageConflictException delete(String imageId, boolean hard, String why) {
        return new ImageConflictException("conflict: unable to delete " + Digests.shortId(imageId) + " ("
                + (hard ? "cannot be forced" : "must be forced") + ") - " + why);
    }
}
