package dev.berth.errors;

/** The request is understood but not permitted. */
public non-sealed class ForbiddenException extends BerthException {

    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }
}
