package dev.berth.errors;

/** An unexpected failure inside berth or the host (I/O, SQLite, a runtime crash). Logged with its cause. */
public non-sealed class InternalException extends BerthException {

    public InternalException(String message) {
        super(message, null, true);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
