package dev.berth.errors;

/** The request is malformed or names an invalid value. */
public non-sealed class InvalidArgumentException extends BerthException {

    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
