package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One route: method, path pattern ({@code /volumes/{name}} where the last variable may be {@code {name:.*}} to
 * take the rest of the path), how it runs, and its handler. Immutable.
 */
public record Route(HttpMethod method, String pattern, Mode mode, RouteHandler handler, List<String> segments,
                    Predicate<Exchange> offload) {

    /** How a route runs. */
    public enum Mode {
        /** Cheap and non-blocking: runs on the I/O thread with the whole body. */
        INLINE,
        /** May block: runs on a virtual thread with the whole body. */
        BLOCKING,
        /** May block and reads its body as a stream while it arrives (uploads). */
        STREAMING_BODY
    }

    public static Route of(HttpMethod method, String pattern, Mode mode, RouteHandler handler) {
        return of(method, pattern, mode, null, handler);
    }

    /**
     * A route that is {@link Mode#INLINE} except for the requests {@code offload} picks (work that can be long,
     * such as a regular expression over every volume), which run on a virtual thread instead.
     */
    public static Route of(HttpMethod method, String pattern, Mode mode, Predicate<Exchange> offload,
                           RouteHandler handler) {
        if (offload != null && mode != Mode.INLINE) {
            throw new IllegalArgumentException("only inline routes offload: " + pattern);
        }
        List<String> segs = List.of(pattern.substring(1).split("/", -1));
        return new Route(method, pattern, mode, handler, segs, offload);
    }

    /** Whether this request runs on the I/O thread. */
    boolean runsInline(Exchange ex) {
        return mode == Mode.INLINE && (offload == null || !offload.test(ex));
    }

    /** Matches {@code path} segments; fills {@code params}; returns false when the path does not fit. */
    boolean match(String[] path, Map<String, String> params) {
        int n = segments.size();
        for (int i = 0; i < n; i++) {
            String seg = segments.get(i);
            if (seg.startsWith("{")) {
                if (seg.endsWith(":.*}")) {
                    if (i >= path.length) {
                        return false;
                    }
                    params.put(seg.substring(1, seg.length() - 4), String.join("/", java.util.Arrays.copyOfRange(path, i, path.length)));
                    return true;
                }
                if (i >= path.length || path[i].isEmpty()) {
                    return false;
                }
                params.put(seg.substring(1, seg.length() - 1), path[i]);
            } else if (i >= path.length || !seg.equals(path[i])) {
                return false;
            }
        }
        return path.length == n;
    }
}
