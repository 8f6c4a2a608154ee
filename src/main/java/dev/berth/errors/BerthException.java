package dev.berth.errors;

/**
 * Root of every error berth reports to a client. The subclass is the error's class (not found, conflict, ...);
 * {@code api.ErrorMapper} is the only place that turns a class into an HTTP status.
 * Immutable and thread-safe.
 */
public abstract sealed class BerthException extends RuntimeException
        permits NotFoundException, ConflictException, InvalidArgumentException, UnavailableException,
                ForbiddenException, NotModifiedException, NotImplementedException, InternalException {

    protected BerthException(String message) {
        super(message, null, false, false);
    }

    protected BerthException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** Stack traces are only worth their cost for internal errors, which ask for them. */
    protected BerthException(String message, Throwable cause, boolean withStackTrace) {
        super(message, cause, false, withStackTrace);
    }
}
