package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.ResponseStream;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.EventWire;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.Event;
import dev.berth.events.EventFilter;
import dev.berth.events.EventSource;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events} as moby's getEvents: when {@code since} or {@code until} is given, replay the buffered events
 * between them (only {@code until}: everything buffered up to it); then, unless {@code until} is already past,
 * stream live events until {@code until} or disconnect.
 */
public final class EventRoutes {

    private final EventSource events;

    public EventRoutes(EventSource events) {
        this.events = events;
    }

    public void register(Router r) {
        r.get("/events", Mode.BLOCKING, this::events);
    }

    private void events(Exchange ex) throws IOException {
        String sinceText = ex.query("since");
        String untilText = ex.query("until");
        Long since = parseTime(sinceText, "since");
        Long until = parseTime(untilText, "until");
        checkOrder(sinceText, since, untilText, until);
        EventFilter filter = EventFilter.of(ex.filters());
        long nowNano = nowNano();
        LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(65536);
        try (EventSource.Subscription sub = events.subscribe(replayFrom(since, until), queue)) {
            ResponseStream out = ex.stream(HttpResponseStatus.OK, "application/json");
            for (Event e : sub.replay()) {
                if (afterReplayEnd(e, until)) {
                    break;
                }
                if (filter.includes(e)) {
                    out.write(EventWire.encode(e));
                }
            }
            out.flush();
            if (until != null && until <= nowNano) {
                out.close();
                return;
            }
            Thread waiter = Thread.currentThread();
            ex.onClientClose(waiter::interrupt);
            try {
                while (out.isOpen()) {
                    long waitMs = until == null ? 1000 : Math.max(0, (until - nowNano()) / 1_000_000);
                    Event e = queue.poll(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (until != null && nowNano() >= until) {
                            break;
                        }
                        continue;
                    }
                    if (until != null && e.timeNano() > until) {
                        break;
                    }
                    if (filter.includes(e)) {
                        out.write(EventWire.encode(e));
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            out.close();
        }
    }

    /**
     * Where the replay starts: nowhere ({@link Long#MAX_VALUE}) without bounds, as Docker then only streams live
     * events; at {@code since}; or, with only {@code until}, at the oldest buffered event.
     */
    static long replayFrom(Long since, Long until) {
        if (since != null) {
            return since;
        }
        return until == null ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /**
     * Whether a buffered event lies past {@code until}. Docker's replay caps only at an {@code until} after the
     * epoch, so {@code until=0} replays the whole buffer (and then ends, 0 being in the past).
     */
    static boolean afterReplayEnd(Event e, Long until) {
        return until != null && until > 0 && e.timeNano() > until;
    }

    /** Docker's 400 for {@code until} before {@code since}, quoting both as the client sent them; equal is fine. */
    static void checkOrder(String sinceText, Long since, String untilText, Long until) {
        if (since != null && until != null && until < since) {
            throw new InvalidArgumentException(
                    "`since` time (" + sinceText + ") cannot be after `until` time (" + untilText + ")");
        }
    }

    /** Unix seconds with optional fraction ({@code 1700000000.5}), or RFC 3339; null when absent. */
    static Long parseTime(String v, String name) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            return d.movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            try {
                Instant t = OffsetDateTime.parse(v).toInstant();
                return t.getEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (DateTimeParseException e2) {
                throw new InvalidArgumentException("invalid " + name + " value: " + v);
            }
        }
    }

    private static long nowNano() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
