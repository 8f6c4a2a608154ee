package dev.berth.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's one event bus: keeps the last {@value #HISTORY} events for {@code since} replays and fans new events
 * out to subscriber queues. A subscriber that stops draining its queue loses events rather than blocking
 * publishers. Thread-safe.
 */
public final class EventBus implements EventSink, EventSource {

    static final int HISTORY = 1024;

    private final ArrayDeque<Event> history = new ArrayDeque<>(HISTORY);
    private final CopyOnWriteArrayList<BlockingQueue<Event>> subscribers = new CopyOnWriteArrayList<>();
    private long lastNano;

    @Override
    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        Event event;
        synchronized (history) {
            // Strictly increasing times keep since/until replays unambiguous.
            long now = Math.max(nowNano(), lastNano + 1);
            lastNano = now;
            event = new Event(type, action, actorId, attributes, "local", now);
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(event);
            for (BlockingQueue<Event> q : subscribers) {
                q.offer(event);
            }
        }
    }

    @Override
    public Subscription subscribe(long sinceNano, BlockingQueue<Event> queue) {
        List<Event> replay = new ArrayList<>();
        synchronized (history) {
            for (Event e : history) {
                if (e.timeNano() >= sinceNano) {
                    replay.add(e);
                }
            }
            subscribers.add(queue);
        }
        return new Subscription() {
            @Override
            public List<Event> replay() {
                return replay;
            }

            @Override
            public void close() {
                subscribers.remove(queue);
            }
        };
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    private static long nowNano() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
