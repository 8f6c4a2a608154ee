package dev.berth.gotext.template;

import java.util.List;

/**
 * A function a template can call, with Go's signature: parameter types (the last one the element type of a
 * variadic {@code ...T}), the result type, and an implementation over {@link Value}s already checked against the
 * parameters. An implementation reports an error result ({@code (T, error)}) by throwing {@link Failure}.
 * Immutable and thread-safe.
 */
public record GoFunc(String name, List<GoType> params, boolean variadic, GoType result, Impl impl) {

    /** The body of a function. */
    @FunctionalInterface
    public interface Impl {
        Value call(List<Value> args);
    }

    /** The error a function returns (or the panic it raised): execution stops with "error calling NAME: ...". */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    public GoFunc {
        params = List.copyOf(params);
    }

    /** A function of fixed arity. */
    public static GoFunc of(String name, GoType result, List<GoType> params, Impl impl) {
        return new GoFunc(name, params, false, result, impl);
    }

    /** A function whose last parameter is {@code ...T} (given as T). */
    public static GoFunc variadic(String name, GoType result, List<GoType> params, Impl impl) {
        return new GoFunc(name, params, true, result, impl);
    }
}
