package dev.berth.system;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.EventSink;
import dev.berth.filter.FilterArgs;
import dev.berth.gotext.GoQuote;
import dev.berth.gotext.GoTime;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * berth's build cache, which is empty: berth does not build images ({@code /system/df} reports {@code BuildCache}
 * null). A prune deletes nothing, but checks its filters as Docker's BuildKit backend does, with Docker's texts,
 * and publishes Docker's event: {@code docker system prune} calls it last and reports its error. Thread-safe.
 */
public final class BuildCache {

    /** The filters Docker's build-cache prune accepts ({@code label}/{@code label!} are accepted and unused there). */
    private static final Set<String> FILTERS = Set.of("until", "unused-for", "label", "label!", "id", "parent", "type",
            "description", "inuse", "shared", "private");
    private static final List<String> ONE_VALUE = List.of("id", "parent", "type", "description", "inuse", "shared",
            "private");

    /** What a prune removed: cache record IDs and their bytes. */
    public record PruneReport(List<String> deleted, long reclaimed) {
    }

    private final EventSink events;

    public BuildCache(EventSink events) {
        this.events = events;
    }

    /** {@code POST /build/prune}. */
    public PruneReport prune(FilterArgs filters) {
        try {
            check(filters);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("failed to prune build cache: " + e.getMessage());
        }
        events.publish("builder", "prune", "", Map.of("reclaimed", "0"));
        return new PruneReport(List.of(), 0);
    }

    /** The filter checks of Docker's BuildKit prune, in its order. */
    private static void check(FilterArgs filters) {
        filters.validate(FILTERS);
        Set<String> until = filters.values("until");
        Set<String> unusedFor = filters.values("unused-for");
        if (!until.isEmpty() && !unusedFor.isEmpty()) {
            throw new InvalidArgumentException("conflicting filters: \"until\" and \"unused-for\"");
        }
        String key = unusedFor.isEmpty() ? "until" : "unused-for";
        List<String> values = new ArrayList<>(until);
        values.addAll(unusedFor);
        if (values.size() > 1) {
            throw new InvalidArgumentException("filters expect only one value");
        }
        if (values.size() == 1) {
            try {
                GoTime.timestamp(values.getFirst(), Instant.now(), ZoneId.systemDefault());
            } catch (GoTime.GoTimeException e) {
                throw new InvalidArgumentException(GoQuote.quote(key)
                        + " filter expects a duration (e.g., '24h') or a timestamp: " + e.getMessage());
            }
        }
        for (String field : ONE_VALUE) {
            if (filters.values(field).size() > 1) {
                throw new InvalidArgumentException("filters expect only one value");
            }
        }
    }
}
