package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

/** A {@code --change} instruction of docker import does not parse or is not allowed. Immutable and thread-safe. */
public final class ChangeException extends InvalidArgumentException {

    public ChangeException(String message) {
        super(message);
    }
}
