package dev.berth.volume;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical copies of volume label and option maps. Volumes made by one tool tend to carry the very same labels
 * (a compose project, a test run), so a daemon holding 100,000 volumes keeps a handful of maps instead of 100,000
 * equal ones. Canonical maps are sorted (the wire order) and unmodifiable. Thread-safe.
 */
final class StringMaps {

    /**
     * Distinct maps kept. Interned maps are never dropped, so the table is bounded; past it maps are still copied
     * and sorted, just not shared.
     */
    static final int MAX_CANONICAL = 4096;

    private static final ConcurrentHashMap<Map<String, String>, SortedMap<String, String>> CANONICAL =
            new ConcurrentHashMap<>();

    private StringMaps() {
    }

    /** The canonical sorted, unmodifiable map equal to {@code m}; null for null. */
    static SortedMap<String, String> canonical(Map<String, String> m) {
        if (m == null) {
            return null;
        }
        SortedMap<String, String> known = CANONICAL.get(m);
        if (known != null) {
            return known;
        }
        SortedMap<String, String> copy = Collections.unmodifiableSortedMap(new TreeMap<>(m));
        if (CANONICAL.size() >= MAX_CANONICAL) {
            return copy;
        }
        SortedMap<String, String> raced = CANONICAL.putIfAbsent(copy, copy);
        return raced == null ? copy : raced;
    }
}
