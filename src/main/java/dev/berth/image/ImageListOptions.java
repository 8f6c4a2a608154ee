package dev.berth.image;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/json} parameters: {@code all} shows untagged intermediate images; {@code filters} are Docker's
 * ({@code reference}, {@code label}, {@code dangling}, {@code before}, {@code since}, {@code until}), each with its
 * list of values. Immutable and thread-safe.
 */
public record ImageListOptions(boolean all, Map<String, List<String>> filters) {

    public ImageListOptions {
        filters = filters == null ? Map.of() : filters.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public static final ImageListOptions DEFAULT = new ImageListOptions(false, Map.of());
}
