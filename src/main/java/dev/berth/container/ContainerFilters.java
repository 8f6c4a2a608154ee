package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import dev.berth.filter.ValueMatcher;

import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code docker ps} filters: id, name, label, status, exited, ancestor, volume, before, since (plus keys Docker
 * accepts that berth has nothing to match against yet: network, publish, expose, health, isolation, is-task).
 * Immutable.
 */
final class ContainerFilters {

    private static final Set<String> ACCEPTED = Set.of("id", "name", "label", "status", "exited", "ancestor",
            "volume", "before", "since", "network", "publish", "expose", "health", "isolation", "is-task");

    private final FilterArgs args;
    private final Set<String> ancestorIds;
    private final Instant before;
    private final Instant since;
    private final ValueMatcher id;
    private final ValueMatcher name;

    private ContainerFilters(FilterArgs args, Set<String> ancestorIds, Instant before, Instant since) {
        this.args = args;
        this.id = args.matcher("id");
        this.name = args.matcher("name");
        this.ancestorIds = ancestorIds;
        this.before = before;
        this.since = since;
    }

    static ContainerFilters of(FilterArgs args, Function<String, String> resolveImage,
                               Function<String, Container> findContainer) {
        args.validate(ACCEPTED);
        for (String s : args.values("status")) {
            if (ContainerStatus.fromWire(s) == null) {
                throw new InvalidArgumentException("invalid filter 'status=" + s + "'");
            }
        }
        for (String e : args.values("exited")) {
            try {
                Integer.parseInt(e);
            } catch (NumberFormatException ex) {
                throw new InvalidArgumentException("invalid filter 'exited=" + e + "'");
            }
        }
        Set<String> ancestors = new java.util.HashSet<>();
        for (String a : args.values("ancestor")) {
            String id = resolveImage.apply(a);
            if (id != null) {
                ancestors.add(id);
            }
        }
        return new ContainerFilters(args, ancestors, created(args, "before", findContainer),
                created(args, "since", findContainer));
    }

    private static Instant created(FilterArgs args, String key, Function<String, Container> find) {
        Instant t = null;
        for (String ref : args.values(key)) {
            Container c = find.apply(ref);
            if (c == null) {
                throw new NoSuchContainerException(ref);
            }
            t = c.record().created();
        }
        return t;
    }

    /** The {@code exited} and {@code status} filters can select stopped containers without {@code -a}. */
    boolean needsAll() {
        return args.contains("exited") || args.values("status").stream().anyMatch(s -> !s.equals("running"));
    }

    boolean matches(ContainerRecord r) {
        if (!id.test(r.id()) || !(name.test(r.name()) || name.test(r.name().substring(1)))) {
            return false;
        }
        if (!args.matchLabels("label", r.config().labels())) {
            return false;
        }
        if (!args.exactMatch("status", r.state().status().wire())) {
            return false;
        }
        if (args.contains("exited")) {
            if (r.state().status() != ContainerStatus.EXITED
                    || !args.values("exited").contains(Integer.toString(r.state().exitCode()))) {
                return false;
            }
        }
        if (args.contains("ancestor") && !ancestorIds.contains(r.imageId())
                && !args.values("ancestor").contains(r.imageRef())) {
            return false;
        }
        if (args.contains("volume")) {
            boolean any = false;
            for (StoredMount m : r.mounts()) {
                for (String v : args.values("volume")) {
                    if (v.equals(m.name()) || v.equals(m.source()) || v.equals(m.destination())) {
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
        }
        if (before != null && !r.created().isBefore(before)) {
            return false;
        }
        if (since != null && !r.created().isAfter(since)) {
            return false;
        }
        for (String k : new String[] {"network", "publish", "expose", "health"}) {
            if (args.contains(k) && !(k.equals("network") && args.values(k).contains(r.host().networkMode()))) {
                return false;
            }
        }
        return true;
    }
}
