package dev.berth.errors;

/** A named object (volume, container, image, driver) does not exist. */
public non-sealed class NotFoundException extends BerthException {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
