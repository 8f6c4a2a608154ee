package dev.berth.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * One engine event (volume create, container start, ...), as {@code GET /events} reports it.
 * {@code attributes} are sorted by key. Immutable and thread-safe.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, String scope,
                    long timeNano) {

    public Event {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public long timeSeconds() {
        return timeNano / 1_000_000_000L;
    }
}
