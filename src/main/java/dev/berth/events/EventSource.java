package dev.berth.events;

import java.util.List;
import java.util.concurrent.BlockingQueue;

/** The subscribing side of the event bus, handed to the {@code /events} route. Thread-safe. */
public interface EventSource {

    /**
     * Atomically returns the buffered events at or after {@code sinceNano} and registers {@code queue} for every
     * later event, so nothing is missed or seen twice between replay and live delivery.
     */
    Subscription subscribe(long sinceNano, BlockingQueue<Event> queue);

    /** A live registration; close it to stop delivery. */
    interface Subscription extends AutoCloseable {
        List<Event> replay();

        @Override
        void close();
    }
}
