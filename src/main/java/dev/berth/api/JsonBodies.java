package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON request bodies as Docker does: the Content-Type must be {@code application/json} (or absent for an
 * empty body), an empty body is allowed, syntax and type errors use Go's wording after {@code invalid JSON: }, and
 * anything after the value is {@code unexpected content after JSON}.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** Decodes {@code body} into {@code type}; returns null for an empty body. */
    static <T> T read(String contentType, byte[] body, Class<T> type) {
        if (body.length == 0 && (contentType == null || contentType.isEmpty())) {
            return null;
        }
        checkContentType(contentType);
        if (body.length == 0) {
            return null;
        }
        try {
            if (GoJsonSyntax.check(body, 0, body.length)) {
                throw new InvalidArgumentException("unexpected content after JSON");
            }
        } catch (GoJsonSyntax.SyntaxError e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getMessage());
        }
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (MismatchedInputException e) {
            throw new InvalidArgumentException("invalid JSON: " + typeError(e, body, type));
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getMessage());
        }
    }

    static void checkContentType(String contentType) {
        String mime = contentType == null ? "" : contentType;
        int semi = mime.indexOf(';');
        if (semi >= 0) {
            mime = mime.substring(0, semi);
        }
        mime = mime.trim().toLowerCase(java.util.Locale.ROOT);
        if (mime.isEmpty()) {
            throw new InvalidArgumentException("malformed Content-Type header (" + contentType + "): mime: no media type");
        }
        if (!mime.equals("application/json")) {
            throw new InvalidArgumentException("unsupported Content-Type header (" + contentType
                    + "): must be 'application/json'");
        }
    }

    /** Go's {@code json: cannot unmarshal <kind> into Go struct field <Type>.<Field> of type <goType>}. */
    private static String typeError(MismatchedInputException e, byte[] body, Class<?> root) {
        List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path = e.getPath();
        StringBuilder pointer = new StringBuilder();
        for (var ref : path) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                    : Integer.toString(ref.getIndex()));
        }
        String kind = "value";
        try {
            kind = kind(Json.MAPPER.readTree(body).at(pointer.toString()));
        } catch (IOException ignored) {
            // keep "value"
        }
        if (path.isEmpty()) {
            return "json: cannot unmarshal " + kind + " into Go value of type " + root.getSimpleName();
        }
        var last = path.getLast();
        Object from = last.getFrom();
        Class<?> owner = from instanceof Class<?> c ? c : from == null ? root : from.getClass();
        String field = last.getFieldName();
        java.lang.reflect.Type fieldType = null;
        if (field != null && owner.isRecord()) {
            for (var rc : owner.getRecordComponents()) {
                if (rc.getName().equals(field)) {
                    fieldType = rc.getGenericType();
                }
            }
        }
        String target = fieldType == null ? goType(e.getTargetType() == null ? null
                : Json.MAPPER.getTypeFactory().constructType(e.getTargetType()))
                : goType(Json.MAPPER.getTypeFactory().constructType(fieldType));
        if (field == null) {
            return "json: cannot unmarshal " + kind + " into Go value of type " + target;
        }
        return "json: cannot unmarshal " + kind + " into Go struct field " + owner.getSimpleName() + "." + field
                + " of type " + target;
    }

    private static String kind(com.fasterxml.jackson.databind.JsonNode n) {
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
        return n.isObject() ? "object" : "value";
    }

    private static String goType(JavaType t) {
        if (t == null) {
            return "interface {}";
        }
        Class<?> c = t.getRawClass();
        if (c == String.class) {
            return "string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "bool";
        }
        if (c == Long.class || c == long.class) {
            return "int64";
        }
        if (c == Integer.class || c == int.class) {
            return "int";
        }
        if (Map.class.isAssignableFrom(c)) {
            return "map[" + goType(t.getKeyType()) + "]" + goType(t.getContentType());
        }
        if (List.class.isAssignableFrom(c) || c.isArray()) {
            return "[]" + goType(t.getContentType());
        }
        return c.getSimpleName();
    }
}
