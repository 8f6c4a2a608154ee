package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.PruneUntil;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Docker's image prune filters: {@code dangling}, {@code until}, {@code label}, {@code label!}. Stateless. */
final class ImagePruner {

    private static final Set<String> ACCEPTED = Set.of("dangling", "until", "label", "label!");

    /** Which images a prune considers; removal itself may still refuse (a container uses it). Immutable. */
    record Criteria(boolean danglingOnly, Instant until, List<String> labels, List<String> notLabels) {

        boolean selects(ImageIndex.Entry e, List<String> refs, boolean hasChildren) {
            if (refs.isEmpty() && hasChildren) {
                return false;
            }
            if (danglingOnly && !refs.isEmpty()) {
                return false;
            }
            Instant created = e.doc().created() == null ? Instant.EPOCH : e.doc().created();
            if (until != null && created.isAfter(until)) {
                return false;
            }
            Map<String, String> l = e.doc().config().labels();
            return labels.stream().allMatch(f -> matches(f, l)) && notLabels.stream().noneMatch(f -> matches(f, l));
        }

        private static boolean matches(String filter, Map<String, String> labels) {
            int eq = filter.indexOf('=');
            return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(
                    filter.substring(0, eq)));
        }
    }

    private ImagePruner() {
    }

    static Criteria criteria(Map<String, List<String>> filters) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        for (String name : f.keySet()) {
            if (!ACCEPTED.contains(name)) {
                throw new InvalidArgumentException("invalid filter '" + name + "'");
            }
        }
        boolean danglingOnly = true;
        if (f.containsKey("dangling")) {
            List<String> v = f.get("dangling");
            if (v.stream().allMatch(s -> s.equalsIgnoreCase("false") || s.equals("0"))) {
                danglingOnly = false;
            } else if (!v.stream().allMatch(s -> s.equalsIgnoreCase("true") || s.equals("1"))) {
                throw new InvalidArgumentException("invalid filter 'dangling=[" + String.join(" ", v) + "]'");
            }
        }
        Instant until = PruneUntil.of(f.get("until"), Instant.now());
        return new Criteria(danglingOnly, until, f.getOrDefault("label", List.of()),
                f.getOrDefault("label!", List.of()));
    }
}
