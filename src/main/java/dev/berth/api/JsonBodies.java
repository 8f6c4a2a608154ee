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
            throw new InvalidArgumentException("invalid JSON: " + typeError(e, type));
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
    private static String typeError(MismatchedInputException e, Class<?> root) {
        List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path = e.getPath();
        String field = path.isEmpty() ? null : path.getLast().getFieldName();
        String owner = path.isEmpty() || path.getLast().getFrom() == null ? root.getSimpleName()
                : simpleName(path.getLast().getFrom());
        String kind = switch (e.getProcessor() == null ? null : ((com.fasterxml.jackson.core.JsonParser) e.getProcessor()).currentToken()) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case null, default -> "value";
        };
        String target = goType(e.getTargetType() == null ? null
                : Json.MAPPER.getTypeFactory().constructType(e.getTargetType()));
        if (field == null) {
            return "json: cannot unmarshal " + kind + " into Go value of type " + target;
        }
        return "json: cannot unmarshal " + kind + " into Go struct field " + owner + "." + field + " of type " + target;
    }

    private static String simpleName(Object from) {
        return from instanceof Class<?> c ? c.getSimpleName() : from.getClass().getSimpleName();
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
