package dev.berth.system;

import dev.berth.events.EventSink;
import dev.berth.filter.FilterArgs;
import dev.berth.filter.PruneUntil;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * berth's networks: only the predefined ones. Containers run with {@code none} or {@code host}, {@code bridge}
 * behaves as {@code none}, and there are no user-defined networks. Docker never prunes the predefined networks, so
 * a prune removes nothing; it still checks its filters as Docker does and publishes Docker's event, because
 * {@code docker system prune} and Testcontainers' clean-up call it before they prune volumes and images, and stop
 * at its error. Thread-safe.
 */
public final class Networks {

    private static final Set<String> PRUNE_FILTERS = Set.of("until", "label", "label!");

    private final EventSink events;

    public Networks(EventSink events) {
        this.events = events;
    }

    /** {@code POST /networks/prune}: the names of the networks removed (none). */
    public List<String> prune(FilterArgs filters) {
        filters.validate(PRUNE_FILTERS);
        PruneUntil.of(filters, Instant.now());
        events.publish("network", "prune", "", Map.of("reclaimed", "0"));
        return List.of();
    }
}
