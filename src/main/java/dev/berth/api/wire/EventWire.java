package dev.berth.api.wire;

import dev.berth.events.Event;
import dev.berth.json.Json;

import java.util.Map;

/**
 * Encodes events as Docker's {@code /events} stream does: one JSON object per line, written by Go's default
 * (HTML-safe) encoder, so {@code <}, {@code >} and {@code &} appear as six-character {@code u003c}-style escapes.
 */
public final class EventWire {

    private EventWire() {
    }

    public static byte[] encode(Event e) {
        byte[] json = VolumeWire.write(g -> {
            g.writeStartObject();
            if (e.type().equals("container") || e.type().equals("image")) {
                // Deprecated fields that API < 1.52 still sends and older clients read; Go omits them when empty
                // (a prune's actor has no ID).
                g.writeStringField("status", e.action());
                if (!e.actorId().isEmpty()) {
                    g.writeStringField("id", e.actorId());
                }
                String from = e.attributes().get("image");
                if (from != null) {
                    g.writeStringField("from", from);
                }
            }
            g.writeStringField("Type", e.type());
            g.writeStringField("Action", e.action());
            g.writeObjectFieldStart("Actor");
            g.writeStringField("ID", e.actorId());
            g.writeObjectFieldStart("Attributes");
            for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("scope", e.scope());
            g.writeNumberField("time", e.timeSeconds());
            g.writeNumberField("timeNano", e.timeNano());
            g.writeEndObject();
        }, Json.GO_HTML_SAFE_ESCAPES);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
}
