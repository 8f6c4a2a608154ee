package dev.berth.filter;

import dev.berth.errors.InvalidArgumentException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} argument of list, prune and events requests: each key maps to a set of values. The JSON wire
 * forms ({@code {"k":{"v":true}}} and {@code {"k":["v"]}}) are decoded by the API layer; this type holds the result
 * and the matching rules Docker applies to it. Immutable and thread-safe.
 */
public record FilterArgs(Map<String, Set<String>> args) {

    public static final FilterArgs EMPTY = new FilterArgs(Map.of());

    public FilterArgs {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        args.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        args = Collections.unmodifiableMap(copy);
    }

    public static FilterArgs of(String key, String... values) {
        return new FilterArgs(Map.of(key, new LinkedHashSet<>(List.of(values))));
    }

    /** Returns a copy with {@code value} added under {@code key}. */
    public FilterArgs with(String key, String value) {
        Map<String, Set<String>> copy = new LinkedHashMap<>(args);
        Set<String> values = new LinkedHashSet<>(copy.getOrDefault(key, Set.of()));
        values.add(value);
        copy.put(key, values);
        return new FilterArgs(copy);
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    public boolean contains(String key) {
        return args.containsKey(key);
    }

    public Set<String> values(String key) {
        return args.getOrDefault(key, Set.of());
    }

    /** Rejects keys outside {@code accepted} with Docker's {@code invalid filter '<key>'}. */
    public void validate(Set<String> accepted) {
        for (String key : args.keySet()) {
            if (!accepted.contains(key)) {
                throw new InvalidArgumentException("invalid filter '" + key + "'");
            }
        }
    }

    /**
     * A boolean filter such as {@code dangling}, read as Docker's {@code GetBoolOrDefault}: "1"/"true" and
     * "0"/"false" (case-sensitive); other values are ignored unless they leave no answer or a contradiction.
     * Returns null when the key is absent; a key without values is {@code invalid filter '<key>'}.
     */
    public Boolean boolValue(String key) {
        Set<String> values = args.get(key);
        if (values == null) {
            return null;
        }
        if (values.isEmpty()) {
            throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        boolean isTrue = values.contains("1") || values.contains("true");
        boolean isFalse = values.contains("0") || values.contains("false");
        if (isTrue == isFalse) {
            throw invalidValue(key);
        }
        return isTrue;
    }

    private InvalidArgumentException invalidValue(String key) {
        return new InvalidArgumentException("invalid filter '" + key + "=" + goList(values(key)) + "'");
    }

    /** Go's {@code fmt} rendering of a string slice: {@code [a b]}. */
    public static String goList(Iterable<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /**
     * Docker's {@code filters.Match} for {@code key}, its values compiled once as Go regular expressions: true when
     * no values are given, or when any value equals the source or matches it (so substrings match). Build it once
     * per listing, not per candidate.
     */
    public ValueMatcher matcher(String key) {
        return ValueMatcher.of(values(key));
    }

    /** True when any value of {@code key} equals {@code source} exactly (or the key is absent). */
    public boolean exactMatch(String key, String source) {
        Set<String> values = values(key);
        return values.isEmpty() || values.contains(source);
    }

    /**
     * Docker's {@code MatchKVList}: every {@code k} or {@code k=v} value of {@code key} must be satisfied by
     * {@code labels}. True when the key is absent.
     */
    public boolean matchLabels(String key, Map<String, String> labels) {
        Set<String> values = values(key);
        if (values.isEmpty()) {
            return true;
        }
        if (labels == null || labels.isEmpty()) {
            return false;
        }
        for (String v : values) {
            if (!labelMatches(v, labels)) {
                return false;
            }
        }
        return true;
    }

    /** One {@code k} or {@code k=v} label condition against a label map. */
    public static boolean labelMatches(String condition, Map<String, String> labels) {
        if (labels == null) {
            return false;
        }
        int eq = condition.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(condition);
        }
        String value = labels.get(condition.substring(0, eq));
        return value != null && value.equals(condition.substring(eq + 1));
    }
}
