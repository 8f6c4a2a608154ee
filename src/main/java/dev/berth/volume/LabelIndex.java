package dev.berth.volume;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Volume names by label key and value, so a label-filtered list touches only the volumes that can match.
 * Thread-safe.
 */
final class LabelIndex {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<String>>> index = new ConcurrentHashMap<>();

    void add(String name, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> index.computeIfAbsent(k, x -> new ConcurrentHashMap<>())
                .computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet()).add(name));
    }

    void remove(String name, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            Map<String, Set<String>> byValue = index.get(k);
            if (byValue != null) {
                Set<String> names = byValue.get(v);
                if (names != null) {
                    names.remove(name);
                }
            }
        });
    }

    /** Names of volumes satisfying one {@code key} or {@code key=value} condition (a superset is never returned). */
    Set<String> candidates(String condition) {
        int eq = condition.indexOf('=');
        String key = eq < 0 ? condition : condition.substring(0, eq);
        Map<String, Set<String>> byValue = index.get(key);
        if (byValue == null) {
            return Set.of();
        }
        if (eq >= 0) {
            Set<String> names = byValue.get(condition.substring(eq + 1));
            return names == null ? Set.of() : names;
        }
        Set<String> all = new HashSet<>();
        byValue.values().forEach(all::addAll);
        return all;
    }
}
