package dev.berth.events;

import java.util.Map;

/** The publishing side of the event bus, handed to services. Thread-safe. */
@FunctionalInterface
public interface EventSink {

    /** Records an event now; never blocks on subscribers. */
    void publish(String type, String action, String actorId, Map<String, String> attributes);
}
