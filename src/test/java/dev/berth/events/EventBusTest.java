package dev.berth.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBusTest {

    private static List<String> actors(List<Event> events) {
        return events.stream().map(Event::actorId).toList();
    }

    @Test
    void subscribe_beforePublish_emptyReplayThenLiveDelivery() {
        EventBus bus = new EventBus();
        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        try (EventSource.Subscription s = bus.subscribe(0, q)) {
            assertThat(s.replay()).isEmpty();
            bus.publish("volume", "create", "v1", Map.of("driver", "local"));
            Event e = q.poll();
            assertThat(e).isNotNull();
            assertThat(e.type()).isEqualTo("volume");
            assertThat(e.action()).isEqualTo("create");
            assertThat(e.actorId()).isEqualTo("v1");
            assertThat(e.attributes()).isEqualTo(Map.of("driver", "local"));
            assertThat(e.scope()).isEqualTo("local");
            assertThat(e.timeSeconds()).isEqualTo(e.timeNano() / 1_000_000_000L);
        }
    }

    @Test
    void subscribe_sinceSecondEvent_replaysFromItThenLive() {
        EventBus bus = new EventBus();
        LinkedBlockingQueue<Event> probe = new LinkedBlockingQueue<>();
        EventSource.Subscription all = bus.subscribe(0, probe);
        bus.publish("volume", "create", "a", Map.of());
        bus.publish("volume", "create", "b", Map.of());
        bus.publish("volume", "create", "c", Map.of());
        all.close();
        List<Event> published = new ArrayList<>(probe);
        long sinceB = published.get(1).timeNano();

        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        try (EventSource.Subscription s = bus.subscribe(sinceB, q)) {
            assertThat(actors(s.replay())).containsExactly("b", "c");
            assertThat(q).isEmpty();
            bus.publish("volume", "destroy", "d", Map.of());
            assertThat(actors(new ArrayList<>(q))).containsExactly("d");
        }
    }

    @Test
    void subscribe_sinceAfterLastEvent_emptyReplay() {
        EventBus bus = new EventBus();
        LinkedBlockingQueue<Event> probe = new LinkedBlockingQueue<>();
        bus.subscribe(0, probe);
        bus.publish("volume", "create", "a", Map.of());
        long after = probe.peek().timeNano() + 1;
        try (EventSource.Subscription s = bus.subscribe(after, new LinkedBlockingQueue<>())) {
            assertThat(s.replay()).isEmpty();
        }
    }

    /** {@code GET /events?until=...} without since subscribes from Long.MIN_VALUE: the whole buffer. */
    @Test
    void subscribe_minValue_replaysWholeHistoryThenLive() {
        EventBus bus = new EventBus();
        bus.publish("volume", "create", "a", Map.of());
        bus.publish("volume", "destroy", "a", Map.of());
        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        try (EventSource.Subscription s = bus.subscribe(Long.MIN_VALUE, q)) {
            assertThat(s.replay()).extracting(Event::action).containsExactly("create", "destroy");
            bus.publish("volume", "create", "b", Map.of());
            assertThat(actors(new ArrayList<>(q))).containsExactly("b");
        }
    }

    /** Without since and until the route subscribes from Long.MAX_VALUE: live events only. */
    @Test
    void subscribe_maxValue_emptyReplayThenLive() {
        EventBus bus = new EventBus();
        bus.publish("volume", "create", "a", Map.of());
        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        try (EventSource.Subscription s = bus.subscribe(Long.MAX_VALUE, q)) {
            assertThat(s.replay()).isEmpty();
            bus.publish("volume", "create", "b", Map.of());
            assertThat(actors(new ArrayList<>(q))).containsExactly("b");
        }
    }

    @Test
    void publish_moreThanHistory_keepsNewestHistoryEvents() {
        EventBus bus = new EventBus();
        int extra = 10;
        for (int i = 0; i < EventBus.HISTORY + extra; i++) {
            bus.publish("volume", "create", "v" + i, Map.of());
        }
        try (EventSource.Subscription s = bus.subscribe(0, new LinkedBlockingQueue<>())) {
            List<Event> replay = s.replay();
            assertThat(replay).hasSize(EventBus.HISTORY);
            assertThat(replay.getFirst().actorId()).isEqualTo("v" + extra);
            assertThat(replay.getLast().actorId()).isEqualTo("v" + (EventBus.HISTORY + extra - 1));
        }
    }

    @Test
    void publish_manyInARow_strictlyIncreasingTimes() {
        EventBus bus = new EventBus();
        for (int i = 0; i < 1000; i++) {
            bus.publish("volume", "create", "v" + i, Map.of());
        }
        try (EventSource.Subscription s = bus.subscribe(0, new LinkedBlockingQueue<>())) {
            long last = Long.MIN_VALUE;
            for (Event e : s.replay()) {
                assertThat(e.timeNano()).isGreaterThan(last);
                last = e.timeNano();
            }
        }
    }

    @Test
    void close_subscription_stopsDelivery() {
        EventBus bus = new EventBus();
        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        EventSource.Subscription s = bus.subscribe(0, q);
        assertThat(bus.subscriberCount()).isEqualTo(1);
        s.close();
        assertThat(bus.subscriberCount()).isZero();
        bus.publish("volume", "create", "a", Map.of());
        assertThat(q).isEmpty();
    }

    @Test
    void publish_fullSubscriberQueue_dropsInsteadOfBlocking() {
        EventBus bus = new EventBus();
        ArrayBlockingQueue<Event> q = new ArrayBlockingQueue<>(1);
        LinkedBlockingQueue<Event> other = new LinkedBlockingQueue<>();
        try (EventSource.Subscription s = bus.subscribe(0, q); EventSource.Subscription o = bus.subscribe(0, other)) {
            bus.publish("volume", "create", "a", Map.of());
            bus.publish("volume", "create", "b", Map.of());
            assertThat(actors(new ArrayList<>(q))).containsExactly("a");
            assertThat(actors(new ArrayList<>(other))).containsExactly("a", "b");
        }
    }

    @Test
    void publish_attributes_sortedAndImmutable() {
        EventBus bus = new EventBus();
        LinkedBlockingQueue<Event> q = new LinkedBlockingQueue<>();
        bus.subscribe(0, q);
        java.util.Map<String, String> attrs = new java.util.LinkedHashMap<>();
        attrs.put("z", "1");
        attrs.put("a", "2");
        bus.publish("container", "start", "c", attrs);
        attrs.put("m", "3");
        Event e = q.poll();
        assertThat(e.attributes().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> e.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
