package dev.berth.api;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.ForbiddenException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.NotImplementedException;
import dev.berth.errors.NotModifiedException;
import dev.berth.errors.UnavailableException;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP statuses. The outermost {@link BerthException} in the cause chain
 * decides; anything else is a 500 whose stack trace is logged while the client sees only the message.
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /** The status and client-visible message for a failure. */
    public record Mapped(HttpResponseStatus status, String message) {
    }

    public static Mapped map(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MalformedBodyException m) {
                // The client's framing, however a route wrapped it.
                return new Mapped(HttpResponseStatus.BAD_REQUEST, m.getMessage());
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BerthException b) {
                HttpResponseStatus status = status(b);
                if (b instanceof InternalException && b.getCause() != null
                        && !(b.getCause() instanceof BerthException)) {
                    // A host failure (I/O, SQLite) underneath: its trace says where.
                    log.error("internal error: {}", b.getMessage(), b);
                } else if (b instanceof InternalException) {
                    // berth's own failure, or one it was told of (a plugin's error): the text says it all.
                    log.error("internal error: {}", b.getMessage());
                }
                return new Mapped(status, b.getMessage());
            }
        }
        log.error("unexpected error: {}", t.toString(), t);
        return new Mapped(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static HttpResponseStatus status(BerthException b) {
        return switch (b) {
            case InvalidArgumentException x -> HttpResponseStatus.BAD_REQUEST;
            case NotFoundException x -> HttpResponseStatus.NOT_FOUND;
            case ConflictException x -> HttpResponseStatus.CONFLICT;
            case UnavailableException x -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case ForbiddenException x -> HttpResponseStatus.FORBIDDEN;
            case NotModifiedException x -> HttpResponseStatus.NOT_MODIFIED;
            case NotImplementedException x -> HttpResponseStatus.NOT_IMPLEMENTED;
            case InternalException x -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
