package dev.berth.events;

import dev.berth.filter.FilterArgs;

import java.util.Set;

/**
 * Docker's event filters: {@code type}, {@code event}, {@code volume}, {@code container}, {@code image},
 * {@code label}, {@code scope}, ... each AND-ed; values of one key OR-ed; names match by exact value or prefix.
 * Immutable and thread-safe.
 */
public final class EventFilter {

    private static final Set<String> ACCEPTED = Set.of("config", "container", "daemon", "event", "image", "label",
            "network", "node", "plugin", "scope", "secret", "service", "type", "volume");
    private static final Set<String> FUZZY_EVENTS = Set.of("health_status", "exec_create", "exec_start");

    private final FilterArgs args;

    private EventFilter(FilterArgs args) {
        this.args = args;
    }

    /** Validates the keys with Docker's {@code invalid filter '<key>'}. */
    public static EventFilter of(FilterArgs args) {
        args.validate(ACCEPTED);
        return new EventFilter(args);
    }

    public boolean includes(Event e) {
        return matchEvent(e)
                && args.exactMatch("type", e.type())
                && args.exactMatch("scope", e.scope())
                && fuzzyName(e, "container")
                && fuzzyName(e, "volume")
                && fuzzyName(e, "network")
                && fuzzyName(e, "plugin")
                && matchImage(e)
                && args.matchLabels("label", e.attributes())
                && (!args.contains("daemon") || e.type().equals("daemon") && fuzzy("daemon", e.actorId()));
    }

    private boolean matchEvent(Event e) {
        for (String v : args.values("event")) {
            if (FUZZY_EVENTS.contains(v)) {
                return fuzzy("event", e.action());
            }
        }
        return args.exactMatch("event", e.action());
    }

    /** A {@code volume=x} filter only lets volume events named x (or starting with x) through; likewise others. */
    private boolean fuzzyName(Event e, String type) {
        if (!args.contains(type)) {
            return true;
        }
        return e.type().equals(type)
                && (fuzzy(type, e.actorId()) || fuzzy(type, e.attributes().getOrDefault("name", "")));
    }

    private boolean matchImage(Event e) {
        if (!args.contains("image")) {
            return true;
        }
        String image = e.type().equals("image") ? e.actorId() : e.attributes().getOrDefault("image", "");
        String name = e.attributes().getOrDefault("name", "");
        for (String v : args.values("image")) {
            if (image.equals(v) || image.startsWith(v) || stripTag(image).equals(stripTag(v))
                    || (e.type().equals("image") && name.equals(v))) {
                return true;
            }
        }
        return false;
    }

    private static String stripTag(String ref) {
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return colon > slash ? ref.substring(0, colon) : ref;
    }

    private boolean fuzzy(String key, String source) {
        if (args.exactMatch(key, source)) {
            return true;
        }
        for (String prefix : args.values(key)) {
            if (source.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
