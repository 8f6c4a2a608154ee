package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import dev.berth.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the {@code filters} query parameter in both encodings Docker accepts: {@code {"k":{"v":true}}} (moby
 * client) and the legacy {@code {"k":["v"]}} (docker-java, Testcontainers). Errors use Go's wording.
 */
final class WireFilters {

    private WireFilters() {
    }

    static FilterArgs parse(String json) {
        if (json == null || json.isEmpty()) {
            return FilterArgs.EMPTY;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            if (GoJsonSyntax.check(bytes, 0, bytes.length)) {
                throw new InvalidArgumentException("invalid character after top-level value");
            }
        } catch (GoJsonSyntax.SyntaxError e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        if (root.isNull()) {
            return FilterArgs.EMPTY;
        }
        if (!root.isObject()) {
            throw new InvalidArgumentException("json: cannot unmarshal " + kind(root)
                    + " into Go value of type map[string]map[string]bool");
        }
        Map<String, Set<String>> args = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Set<String> values = new LinkedHashSet<>();
            JsonNode v = field.getValue();
            if (v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> vi = v.fields(); vi.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = vi.next();
                    if (!e.getValue().isBoolean()) {
                        throw new InvalidArgumentException("json: cannot unmarshal " + kind(e.getValue())
                                + " into Go value of type bool");
                    }
                    // Docker keeps the key whatever the boolean says.
                    values.add(e.getKey());
                }
            } else if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isTextual()) {
                        throw new InvalidArgumentException("json: cannot unmarshal " + kind(v)
                                + " into Go value of type map[string]bool");
                    }
                    values.add(e.asText());
                }
            } else if (!v.isNull()) {
                throw new InvalidArgumentException("json: cannot unmarshal " + kind(v)
                        + " into Go value of type map[string]bool");
            }
            args.put(field.getKey(), values);
        }
        return new FilterArgs(args);
    }

    private static String kind(JsonNode n) {
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        if (n.isArray()) {
            return "array";
        }
        return "object";
    }
}
