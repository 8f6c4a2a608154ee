package dev.berth.volume;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

/**
 * Volume names by label key and value, so a label-filtered list touches only the volumes that can match. A value's
 * set is dropped once its last volume is removed, and a key once its last value is: unique label values (a test
 * session's id, say) come and go without the index growing, and a key-only filter walks no empty sets.
 * Thread-safe: adds run concurrently (the start restores volumes on two threads); the removal that empties a set
 * unlinks it while no add runs, so that no add can put a name into a set that is no longer in the index. Readers
 * take no lock and may see a set that is being unlinked.
 */
final class LabelIndex {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<String>>> index = new ConcurrentHashMap<>();
    /** Shared by adds, exclusive for unlinking emptied sets and keys. */
    private final StampedLock unlinking = new StampedLock();

    void add(String name, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return;
        }
        long stamp = unlinking.readLock();
        try {
            labels.forEach((k, v) -> index.computeIfAbsent(k, x -> new ConcurrentHashMap<>())
                    .computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet()).add(name));
        } finally {
            unlinking.unlockRead(stamp);
        }
    }

    void remove(String name, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        boolean emptied = false;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            Map<String, Set<String>> byValue = index.get(l.getKey());
            Set<String> names = byValue == null ? null : byValue.get(l.getValue());
            if (names != null && names.remove(name) && names.isEmpty()) {
                emptied = true;
            }
        }
        if (emptied) {
            unlinkEmpty(labels);
        }
    }

    /** Drops the emptied sets of these labels, then their keys if no value is left. */
    private void unlinkEmpty(Map<String, String> labels) {
        long stamp = unlinking.writeLock();
        try {
            // No add runs: a set found empty here stays empty until it is unlinked.
            labels.forEach((k, v) -> {
                Map<String, Set<String>> byValue = index.get(k);
                if (byValue == null) {
                    return;
                }
                Set<String> names = byValue.get(v);
                if (names != null && names.isEmpty()) {
                    byValue.remove(v, names);
                }
                if (byValue.isEmpty()) {
                    index.remove(k, byValue);
                }
            });
        } finally {
            unlinking.unlockWrite(stamp);
        }
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

    /** How many label keys the index holds (tests). */
    int keyCount() {
        return index.size();
    }

    /** How many label values the index holds under all keys (tests). */
    int valueCount() {
        int n = 0;
        for (Map<String, Set<String>> byValue : index.values()) {
            n += byValue.size();
        }
        return n;
    }
}
