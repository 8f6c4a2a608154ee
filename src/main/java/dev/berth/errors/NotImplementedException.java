package dev.berth.errors;

/** The request is valid but berth does not implement it. */
public non-sealed class NotImplementedException extends BerthException {

    public NotImplementedException(String message) {
        super(message);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }
}
