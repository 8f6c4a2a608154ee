package dev.berth.mount;

import dev.berth.errors.InvalidArgumentException;

/**
 * A mount specification, mode string, tmpfs option or mount combination that Docker would reject; the message is
 * Docker's text. Created only through {@link MountErrors}. Immutable and thread-safe.
 */
public final class InvalidMountSpecException extends InvalidArgumentException {

    InvalidMountSpecException(String message) {
        super(message);
    }
}
