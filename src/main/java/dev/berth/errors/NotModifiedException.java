package dev.berth.errors;

/** The request asked for a state the object is already in (e.g. start of a running container). */
public non-sealed class NotModifiedException extends BerthException {

    public NotModifiedException(String message) {
        super(message);
    }

    public NotModifiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
