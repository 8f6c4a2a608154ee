package dev.berth.errors;

/** The request conflicts with the current state (in use, name taken, operation running). */
public non-sealed class ConflictException extends BerthException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
