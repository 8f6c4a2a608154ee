package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

/**
 * A layer or image archive is malformed or unsafe (an entry escaping the layer, a write through a symlink, a diff ID
 * that does not match). Nothing of the layer stays visible. Immutable and thread-safe.
 */
public final class LayerFormatException extends InvalidArgumentException {

    public LayerFormatException(String message) {
        super(message);
    }

    public LayerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
