package dev.berth.errors;

/** A needed component (driver, runtime) cannot serve the request right now. */
public non-sealed class UnavailableException extends BerthException {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
