package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The route table. Built at start, then read-only. Thread-safe after start. */
public final class Router {

    private final List<Route> routes = new ArrayList<>();

    /** A matched route with its path variables. */
    record Match(Route route, Map<String, String> params) {
    }

    public Router add(HttpMethod method, String pattern, Route.Mode mode, RouteHandler handler) {
        routes.add(Route.of(method, pattern, mode, handler));
        return this;
    }

    /** An inline GET whose requests chosen by {@code offload} run on a virtual thread (see {@link Route#of}). */
    public Router get(String pattern, java.util.function.Predicate<Exchange> offload, RouteHandler handler) {
        routes.add(Route.of(HttpMethod.GET, pattern, Route.Mode.INLINE, offload, handler));
        return this;
    }

    public Router get(String pattern, Route.Mode mode, RouteHandler handler) {
        return add(HttpMethod.GET, pattern, mode, handler);
    }

    public Router post(String pattern, Route.Mode mode, RouteHandler handler) {
        return add(HttpMethod.POST, pattern, mode, handler);
    }

    public Router delete(String pattern, Route.Mode mode, RouteHandler handler) {
        return add(HttpMethod.DELETE, pattern, mode, handler);
    }

    public Router put(String pattern, Route.Mode mode, RouteHandler handler) {
        return add(HttpMethod.PUT, pattern, mode, handler);
    }

    public Router head(String pattern, Route.Mode mode, RouteHandler handler) {
        return add(HttpMethod.HEAD, pattern, mode, handler);
    }

    /** The first route matching method and decoded path segments (version prefix already stripped), or null. */
    Match find(HttpMethod method, String[] parts) {
        Map<String, String> params = null;
        for (Route r : routes) {
            if (!r.method().equals(method)) {
                continue;
            }
            if (params == null) {
                params = new HashMap<>(4);
            } else if (!params.isEmpty()) {
                params.clear();
            }
            if (r.match(parts, params)) {
                return new Match(r, params);
            }
        }
        return null;
    }
}
