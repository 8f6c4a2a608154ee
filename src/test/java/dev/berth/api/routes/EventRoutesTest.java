package dev.berth.api.routes;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The since/until rules of moby's getEvents and loadBufferedEvents, as {@code GET /events} applies them. */
class EventRoutesTest {

    private static final long S = 1_000_000_000L;

    record Window(String name, String since, String until, long replayFrom) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Window> windows() {
        return Stream.of(
                new Window("no bounds: live only", null, null, Long.MAX_VALUE),
                new Window("empty values are absent", "", "", Long.MAX_VALUE),
                new Window("since only", "1700000000", null, 1_700_000_000L * S),
                new Window("until only replays the whole buffer", null, "1700000000", Long.MIN_VALUE),
                new Window("empty since with until", "", "1700000000.5", Long.MIN_VALUE),
                new Window("since and until", "1700000000.25", "1700000001", 1_700_000_000L * S + 250_000_000L),
                new Window("since 0", "0", null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void replayFrom_bounds_dockerReplayStart(Window w) {
        Long since = EventRoutes.parseTime(w.since(), "since");
        Long until = EventRoutes.parseTime(w.until(), "until");
        assertThat(EventRoutes.replayFrom(since, until)).isEqualTo(w.replayFrom());
    }

    record Order(String since, String until, String error) {
        @Override
        public String toString() {
            return since + ".." + until;
        }
    }

    static Stream<Order> orders() {
        return Stream.of(
                new Order("10", "3", "`since` time (10) cannot be after `until` time (3)"),
                new Order("1700000000.5", "1700000000.25",
                        "`since` time (1700000000.5) cannot be after `until` time (1700000000.25)"),
                new Order("1767225600.000000000", "1735689600.000000000",
                        "`since` time (1767225600.000000000) cannot be after `until` time (1735689600.000000000)"),
                new Order("2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z",
                        "`since` time (2026-01-01T00:00:00Z) cannot be after `until` time (2025-12-31T23:59:59Z)"),
                new Order("1700000000.000000001", "1700000000",
                        "`since` time (1700000000.000000001) cannot be after `until` time (1700000000)"),
                new Order("10", "10", null),
                new Order("3", "10", null),
                new Order(null, "3", null),
                new Order("10", null, null),
                new Order("", "3", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void checkOrder_sinceAfterUntil_mobyTextWithRawValues(Order o) {
        Long since = EventRoutes.parseTime(o.since(), "since");
        Long until = EventRoutes.parseTime(o.until(), "until");
        if (o.error() == null) {
            assertThatCode(() -> EventRoutes.checkOrder(o.since(), since, o.until(), until))
                    .doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> EventRoutes.checkOrder(o.since(), since, o.until(), until))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(o.error());
        }
    }

    record End(String name, Long until, long eventNano, boolean after) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<End> ends() {
        return Stream.of(
                new End("no until", null, 5 * S, false),
                new End("event before until", 10 * S, 5 * S, false),
                new End("event at until", 10 * S, 10 * S, false),
                new End("event after until", 10 * S, 10 * S + 1, true),
                new End("until 0 caps nothing", 0L, 5 * S, false),
                new End("until before the epoch caps nothing", -S, 5 * S, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ends")
    void afterReplayEnd_until_mobyBufferCap(End c) {
        Event e = new Event("volume", "create", "v", Map.of(), "local", c.eventNano());
        assertThat(EventRoutes.afterReplayEnd(e, c.until())).isEqualTo(c.after());
    }
}
