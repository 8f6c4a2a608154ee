package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the {@code filters} query parameter as Docker's {@code filters.FromJSON} does: the whole text is
 * {@code json.Unmarshal}ed as {@code map[string]map[string]bool} (the moby client's {@code {"k":{"v":true}}}, every
 * key kept whatever its boolean), and if that fails as the legacy {@code map[string][]string} ({@code {"k":["v"]}},
 * docker-java, Testcontainers). One encoding for the whole value: mixing them, a syntax error or anything after the
 * value is Docker's bare {@code invalid filter}.
 */
final class WireFilters {

    private static final GoShape MODERN = new GoShape.MapOf("map[string]map[string]bool",
            new GoShape.MapOf("map[string]bool", new GoShape.Bool("bool", false)));
    private static final GoShape LEGACY = new GoShape.MapOf("map[string][]string",
            new GoShape.ListOf("[]string", new GoShape.Str("string")));

    private WireFilters() {
    }

    static FilterArgs parse(String json) {
        if (json == null || json.isEmpty()) {
            return FilterArgs.EMPTY;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            GoJsonSyntax.checkValid(bytes, 0, bytes.length);
        } catch (GoJsonSyntax.SyntaxError e) {
            throw invalidFilter();
        }
        Object decoded;
        try {
            decoded = GoJsonDecoder.decode(bytes, 0, bytes.length, MODERN);
        } catch (GoJsonDecoder.TypeError e) {
            try {
                decoded = GoJsonDecoder.decode(bytes, 0, bytes.length, LEGACY);
            } catch (GoJsonDecoder.TypeError legacy) {
                throw invalidFilter();
            }
        }
        if (decoded == null) {
            return FilterArgs.EMPTY;
        }
        Map<String, Set<String>> args = new LinkedHashMap<>();
        ((Map<?, ?>) decoded).forEach((key, values) -> {
            Set<String> set = new LinkedHashSet<>();
            if (values instanceof Map<?, ?> m) {
                m.keySet().forEach(v -> set.add((String) v));
            } else if (values instanceof List<?> l) {
                l.forEach(v -> set.add((String) v));
            }
            args.put((String) key, set);
        });
        return new FilterArgs(args);
    }

    private static InvalidArgumentException invalidFilter() {
        return new InvalidArgumentException("invalid filter");
    }
}
