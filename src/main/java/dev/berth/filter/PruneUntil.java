package dev.berth.filter;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoTime;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;

/**
 * The {@code until} filter of the prune endpoints (containers, images, networks): objects created at or after the
 * instant it names are kept. One value at most; it is a Go duration, a time or unix seconds (see
 * {@link GoTime#timestamp}). Errors are Docker's, as 400.
 */
public final class PruneUntil {

    private PruneUntil() {
    }

    /** The instant of the {@code until} values given, or null when there is none. */
    public static Instant of(Collection<String> values, Instant now) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidArgumentException("more than one until filter specified");
        }
        try {
            return GoTime.timestamp(values.iterator().next(), now, ZoneId.systemDefault());
        } catch (GoTime.GoTimeException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    /** {@link #of} for a request's filters. */
    public static Instant of(FilterArgs filters, Instant now) {
        return of(filters.values("until"), now);
    }
}
