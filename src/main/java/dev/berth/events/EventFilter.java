package dev.berth.events;

import dev.berth.filter.FilterArgs;

import java.util.List;
import java.util.Set;

/**
 * Docker's event filters (daemon/events/filter.go): keys AND-ed, values of one key OR-ed. {@code type},
 * {@code scope} and {@code event} match exactly ({@code event} by prefix once a value names health_status,
 * exec_create or exec_start); the name keys ({@code container}, {@code volume}, {@code daemon}, ...) match the actor
 * ID or its {@code name} attribute by exact value or prefix, whatever the event's type; {@code image} matches the
 * actor ID and the image name exactly, also after reducing both to their familiar name; {@code label} needs every
 * {@code k} or {@code k=v} among the attributes. Like Docker's getEvents, any other key is accepted and ignored:
 * {@code foo=bar} alone lets every event through. Immutable and thread-safe.
 */
public final class EventFilter {

    private static final Set<String> FUZZY_EVENTS = Set.of("health_status", "exec_create", "exec_start");
    private static final List<String> NAME_KEYS = List.of("daemon", "container", "plugin", "volume", "network",
            "node", "service", "secret", "config");

    private final FilterArgs args;

    private EventFilter(FilterArgs args) {
        this.args = args;
    }

    /** Never rejects a key: Docker does not validate event filter keys, and its matcher consults only its own. */
    public static EventFilter of(FilterArgs args) {
        return new EventFilter(args);
    }

    public boolean includes(Event e) {
        if (!matchEvent(e) || !args.exactMatch("type", e.type()) || !args.exactMatch("scope", e.scope())) {
            return false;
        }
        String name = e.attributes().getOrDefault("name", "");
        for (String key : NAME_KEYS) {
            if (!fuzzyMatch(key, e.actorId()) && !fuzzyMatch(key, name)) {
                return false;
            }
        }
        return matchImage(e) && args.matchLabels("label", e.attributes());
    }

    private boolean matchEvent(Event e) {
        for (String v : args.values("event")) {
            if (FUZZY_EVENTS.contains(v)) {
                return fuzzyMatch("event", e.action());
            }
        }
        return args.exactMatch("event", e.action());
    }

    /** Image events carry the reference in {@code name}; other events name their image in {@code image}. */
    private boolean matchImage(Event e) {
        String id = e.actorId();
        String imageName = e.attributes().getOrDefault(e.type().equals("image") ? "name" : "image", "");
        return args.exactMatch("image", id)
                || args.exactMatch("image", imageName)
                || args.exactMatch("image", FamiliarName.of(id))
                || args.exactMatch("image", FamiliarName.of(imageName));
    }

    /** Go's {@code FuzzyMatch}: no values, an exact value, or a value that is a prefix of {@code source}. */
    private boolean fuzzyMatch(String key, String source) {
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
