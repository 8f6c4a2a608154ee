package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.ForbiddenException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.NotImplementedException;
import dev.berth.errors.NotModifiedException;
import dev.berth.errors.UnavailableException;

/** Docker's {@code OpErr} text, {@code <op> <name>: <cause>}, keeping the cause's error class. */
final class OpErrors {

    private OpErrors() {
    }

    static BerthException wrap(String op, String name, BerthException e) {
        String msg = op + " " + name + ": " + e.getMessage();
        return switch (e) {
            case NotFoundException x -> new NotFoundException(msg, x);
            case ConflictException x -> new ConflictException(msg, x);
            case InvalidArgumentException x -> new InvalidArgumentException(msg, x);
            case UnavailableException x -> new UnavailableException(msg, x);
            case ForbiddenException x -> new ForbiddenException(msg, x);
            case NotModifiedException x -> new NotModifiedException(msg, x);
            case NotImplementedException x -> new NotImplementedException(msg, x);
            case InternalException x -> new InternalException(msg, x);
        };
    }
}
