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

/** {@code GET /events}: replay since {@code since}, then stream live events until {@code until} or disconnect. */
public final class EventRoutes {

    private final EventSource events;

    public EventRoutes(EventSource events) {
        this.events = events;
    }

    public void register(Router r) {
        r.get("/events", Mode.BLOCKING, this::events);
    }

    private void events(Exchange ex) throws IOException {
        EventFilter filter = EventFilter.of(ex.filters());
        long nowNano = nowNano();
        Long since = parseTime(ex.query("since"), "since");
        Long until = parseTime(ex.query("until"), "until");
        LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(65536);
        try (EventSource.Subscription sub = events.subscribe(since == null ? Long.MAX_VALUE : since, queue)) {
            ResponseStream out = ex.stream(HttpResponseStatus.OK, "application/json");
            for (Event e : sub.replay()) {
                if (until != null && e.timeNano() > until) {
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
