package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

/** A reference, tag or digest a user typed does not parse; the message is Docker's. Immutable and thread-safe. */
public final class InvalidReferenceException extends InvalidArgumentException {

    public InvalidReferenceException(String message) {
        super(message);
    }
}
