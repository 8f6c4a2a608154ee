package dev.berth.events;

import dev.berth.filter.FilterArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** moby daemon/events/filter.go: keys AND-ed, values OR-ed, names by exact value or prefix. */
class EventFilterTest {

    private static final long T = 1_795_707_000_000_000_000L;
    static final Event VOL_CREATE = new Event("volume", "create", "data", Map.of("driver", "local"), "local", T);
    static final Event VOL_DESTROY = new Event("volume", "destroy", "data", Map.of("driver", "local"), "local", T);
    static final Event VOL_MOUNT = new Event("volume", "mount", "data",
            Map.of("container", "abc123def", "destination", "/d", "driver", "local"), "local", T);
    static final Event OTHER_VOL = new Event("volume", "create", "other", Map.of("driver", "local"), "local", T);
    static final Event CTR_START = new Event("container", "start", "abc123def",
            Map.of("image", "busybox:latest", "name", "web"), "local", T);
    static final Event CTR_HEALTH = new Event("container", "health_status: healthy", "abc123def",
            Map.of("image", "busybox:latest", "name", "web"), "local", T);
    static final Event CTR_EXEC = new Event("container", "exec_start: sh -c true", "abc123def",
            Map.of("image", "busybox:latest", "name", "web"), "local", T);
    static final Event IMG_PULL = new Event("image", "pull", "busybox:latest", Map.of("name", "busybox"), "local", T);
    static final Event DAEMON = new Event("daemon", "reload", "daemon-id", Map.of("name", "host1"), "local", T);
    static final Event SWARM = new Event("node", "update", "node1", Map.of(), "swarm", T);

    private static final List<Event> ALL = List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT, OTHER_VOL, CTR_START,
            CTR_HEALTH, CTR_EXEC, IMG_PULL, DAEMON, SWARM);

    private static FilterArgs f(String... kv) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new LinkedHashSet<>()).add(kv[i + 1]);
        }
        return new FilterArgs(m);
    }

    record Case(String name, FilterArgs filter, List<Event> included) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no filter", FilterArgs.EMPTY, ALL),
                new Case("type", f("type", "volume"), List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT, OTHER_VOL)),
                new Case("two types OR-ed", f("type", "image", "type", "daemon"), List.of(IMG_PULL, DAEMON)),
                new Case("event exact", f("event", "create"), List.of(VOL_CREATE, OTHER_VOL)),
                new Case("event start is not health_status", f("event", "start"), List.of(CTR_START)),
                new Case("event health_status is a prefix", f("event", "health_status"), List.of(CTR_HEALTH)),
                new Case("event exec_start is a prefix", f("event", "exec_start"), List.of(CTR_EXEC)),
                new Case("fuzzy event makes every value fuzzy", f("event", "health_status", "event", "cre"),
                        List.of(VOL_CREATE, OTHER_VOL, CTR_HEALTH)),
                new Case("event with colon exact", f("event", "health_status: healthy"), List.of(CTR_HEALTH)),
                new Case("type AND event", f("type", "volume", "event", "destroy"), List.of(VOL_DESTROY)),
                new Case("volume exact", f("volume", "data"), List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT)),
                new Case("volume prefix", f("volume", "dat"), List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT)),
                new Case("volume infix does not match", f("volume", "ata"), List.of()),
                new Case("two volumes OR-ed", f("volume", "data", "volume", "oth"),
                        List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT, OTHER_VOL)),
                new Case("container by id prefix", f("container", "abc"), List.of(CTR_START, CTR_HEALTH, CTR_EXEC)),
                new Case("container by name attribute", f("container", "web"),
                        List.of(CTR_START, CTR_HEALTH, CTR_EXEC)),
                new Case("container unknown", f("container", "xyz"), List.of()),
                new Case("label key", f("label", "driver"), List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT, OTHER_VOL)),
                new Case("label key=value", f("label", "destination=/d"), List.of(VOL_MOUNT)),
                new Case("labels AND-ed", f("label", "driver=local", "label", "container"), List.of(VOL_MOUNT)),
                new Case("label on event without attributes", f("label", "x"), List.of()),
                new Case("image exact on container attribute and image id",
                        f("image", "busybox:latest"), List.of(CTR_START, CTR_HEALTH, CTR_EXEC, IMG_PULL)),
                new Case("image without tag", f("image", "busybox"), List.of(CTR_START, CTR_HEALTH, CTR_EXEC,
                        IMG_PULL)),
                new Case("scope local", f("scope", "local"), ALL.subList(0, ALL.size() - 1)),
                new Case("scope swarm", f("scope", "swarm"), List.of(SWARM)),
                new Case("daemon by id", f("daemon", "daemon-id"), List.of(DAEMON)),
                new Case("volume AND container exclude each other", f("volume", "data", "container", "abc"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void includes_filter_matchingEvents(Case c) {
        EventFilter filter = EventFilter.of(c.filter());
        assertThat(ALL.stream().filter(filter::includes).toList()).containsExactlyElementsOf(c.included());
    }

    /**
     * Docker's fuzzyMatchName does not look at the event type: {@code volume=we} lets a container named "web"
     * through, and {@code daemon=} also matches the name attribute; its image filter is exact (no prefix) and strips
     * the tag of the event's image only.
     */
    static Stream<Case> dockerDivergences() {
        return Stream.of(
                new Case("volume filter matches a container named by prefix", f("volume", "we"),
                        List.of(CTR_START, CTR_HEALTH, CTR_EXEC)),
                new Case("container filter matches a volume named by prefix", f("container", "dat"),
                        List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT)),
                new Case("daemon by name attribute prefix", f("daemon", "host"), List.of(DAEMON)),
                new Case("image is not a prefix match", f("image", "busy"), List.of()),
                new Case("image filter keeps its own tag", f("image", "busybox:1.36"), List.of()),
                new Case("image filter equal to a container id matches that container", f("image", "abc123def"),
                        List.of(CTR_START, CTR_HEALTH, CTR_EXEC)),
                new Case("image name attribute of an image event", f("image", "busybox"), List.of(CTR_START,
                        CTR_HEALTH, CTR_EXEC, IMG_PULL)),
                new Case("empty name value is a prefix of everything", f("volume", ""), ALL),
                new Case("node filter matches by prefix of any actor", f("node", "node"), List.of(SWARM)));
    }

    static final Event CANONICAL = new Event("container", "create", "c1",
            Map.of("image", "docker.io/library/alpine:3.20", "name", "x"), "local", T);
    static final Event PRIVATE = new Event("container", "create", "c2",
            Map.of("image", "registry.example.com:5000/team/app@sha256:"
                    + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "name", "y"), "local", T);
    static final Event BY_ID = new Event("container", "create", "c3",
            Map.of("image", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "name", "z"),
            "local", T);
    static final Event IMG_TAG = new Event("image", "tag", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef"
            + "0123456789abcdef", Map.of("name", "alpine:3.20"), "local", T);

    static Stream<Case> imageNames() {
        return Stream.of(
                new Case("familiar name of a canonical reference", f("image", "alpine"), List.of(CANONICAL, IMG_TAG)),
                new Case("exact canonical reference", f("image", "docker.io/library/alpine:3.20"),
                        List.of(CANONICAL)),
                new Case("filter with tag matches the attribute exactly only", f("image", "alpine:3.20"),
                        List.of(IMG_TAG)),
                new Case("private registry name without digest", f("image", "registry.example.com:5000/team/app"),
                        List.of(PRIVATE)),
                new Case("image id matches exactly", f("image",
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), List.of(BY_ID)),
                new Case("a sha256: id parses as repository sha256", f("image", "sha256"), List.of(IMG_TAG)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageNames")
    void includes_imageFilter_familiarNames(Case c) {
        EventFilter filter = EventFilter.of(c.filter());
        assertThat(Stream.of(CANONICAL, PRIVATE, BY_ID, IMG_TAG).filter(filter::includes).toList())
                .containsExactlyElementsOf(c.included());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerDivergences")
    void includes_dockerNameAndImageRules_matchingEvents(Case c) {
        EventFilter filter = EventFilter.of(c.filter());
        assertThat(ALL.stream().filter(filter::includes).toList()).containsExactlyElementsOf(c.included());
    }

    /**
     * moby's getEvents never validates event filter keys and Filter.Include consults only its own keys, so an
     * unknown key is ignored: alone it lets every event through, beside known keys it changes nothing.
     */
    static Stream<Case> unknownKeys() {
        return Stream.of(
                new Case("unknown key alone", f("foo", "bar"), ALL),
                new Case("until/since as filter keys", f("until", "1", "since", "2"), ALL),
                new Case("keys are case-sensitive: Type is unknown", f("Type", "container"), ALL),
                new Case("labels is not label", f("labels", "nosuch"), ALL),
                new Case("unknown key beside type", f("foo", "bar", "type", "volume"),
                        List.of(VOL_CREATE, VOL_DESTROY, VOL_MOUNT, OTHER_VOL)),
                new Case("unknown key beside event and volume", f("event", "create", "bogus", "x", "volume", "dat"),
                        List.of(VOL_CREATE)),
                new Case("unknown key beside a filter matching nothing", f("x", "y", "container", "xyz"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownKeys")
    void includes_unknownKey_ignored(Case c) {
        EventFilter filter = EventFilter.of(c.filter());
        assertThat(ALL.stream().filter(filter::includes).toList()).containsExactlyElementsOf(c.included());
    }

    @Test
    void of_unknownKeyWithoutValues_acceptedAndIgnored() {
        EventFilter filter = EventFilter.of(new FilterArgs(Map.of("bogus", Set.of())));
        assertThat(ALL.stream().filter(filter::includes).toList()).containsExactlyElementsOf(ALL);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"config", "container", "daemon", "event", "image", "label", "network", "node", "plugin",
            "scope", "secret", "service", "type", "volume"})
    void of_dockerKey_accepted(String key) {
        assertThat(EventFilter.of(f(key, "v"))).isNotNull();
    }
}
