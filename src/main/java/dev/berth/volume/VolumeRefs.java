package dev.berth.volume;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which containers reference which volumes, in the order they took their references. The only home of container references: they decide whether a
 * volume may be removed or pruned and whether it is dangling. Kept in memory; rebuilt from container state at
 * start. Mutations happen under the volume's name lock; reads may happen without it. Thread-safe.
 */
final class VolumeRefs {

    private final ConcurrentHashMap<String, Set<String>> refs = new ConcurrentHashMap<>();

    void add(String volume, String ref) {
        if (ref == null || ref.isEmpty()) {
            return;
        }
        refs.compute(volume, (k, v) -> {
            Set<String> set = v == null ? new LinkedHashSet<>() : new LinkedHashSet<>(v);
            set.add(ref);
            return Collections.unmodifiableSet(set);
        });
    }

    void remove(String volume, String ref) {
        refs.computeIfPresent(volume, (k, v) -> {
            if (!v.contains(ref)) {
                return v;
            }
            Set<String> set = new LinkedHashSet<>(v);
            set.remove(ref);
            return set.isEmpty() ? null : Collections.unmodifiableSet(set);
        });
    }

    boolean isReferenced(String volume) {
        return refs.containsKey(volume);
    }

    List<String> of(String volume) {
        Set<String> s = refs.get(volume);
        return s == null ? List.of() : List.copyOf(s);
    }

    int count(String volume) {
        Set<String> s = refs.get(volume);
        return s == null ? 0 : s.size();
    }

    void clear(String volume) {
        refs.remove(volume);
    }
}
