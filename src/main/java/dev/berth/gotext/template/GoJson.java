package dev.berth.gotext.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gotext.template.GoType.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's encoding/json over {@link Value}s: {@link #marshal} as {@code json.Marshal} writes (struct fields in order
 * with their tags, omitempty, embedded structs inlined, map keys sorted, nil maps and slices as null, Go's float
 * and string forms) and {@link #decode}, which fills a value of a Go type from a JSON tree as
 * {@code json.Unmarshal} does (field names matched case-insensitively, unknown keys ignored, missing ones zero).
 * Stateless.
 */
public final class GoJson {

    private GoJson() {
    }

    /** {@code json.Marshal(v)}; {@code escapeHtml} false is the encoder's {@code SetEscapeHTML(false)}. */
    public static String marshal(Value v, boolean escapeHtml) {
        StringBuilder b = new StringBuilder();
        write(b, v, escapeHtml);
        return b.toString();
    }

    private static void write(StringBuilder b, Value v, boolean html) {
        if (!v.isValid()) {
            b.append("null");
            return;
        }
        // A MarshalJSON declared on T serves *T too (Go's pointer-receiver methods).
        Value target = v.kind() == Kind.POINTER && !v.isNil() && v.type().elem().jsonMarshaler() != null ? v.elem() : v;
        if (target.type().jsonMarshaler() != null && !(target.kind() == Kind.POINTER && target.isNil())) {
            Object replacement = target.type().jsonMarshaler().apply(target);
            writeJava(b, replacement, html);
            return;
        }
        switch (v.kind()) {
            case BOOL -> b.append(v.boolValue());
            case STRING -> quote(b, v.str(), html);
            case FLOAT32, FLOAT64 -> b.append(GoFloats.json(v.doubleValue()));
            case COMPLEX128 -> b.append("null");
            case POINTER, INTERFACE -> {
                if (v.isNil()) {
                    b.append("null");
                } else {
                    write(b, v.elem(), html);
                }
            }
            case SLICE, ARRAY -> {
                if (v.kind() == Kind.SLICE && v.isNil()) {
                    b.append("null");
                    return;
                }
                b.append('[');
                List<Value> l = v.list();
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(b, l.get(i), html);
                }
                b.append(']');
            }
            case MAP -> {
                if (v.isNil()) {
                    b.append("null");
                    return;
                }
                b.append('{');
                boolean first = true;
                for (Map.Entry<Object, Value> e : GoFmt.sortedEntries(v)) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    quote(b, String.valueOf(e.getKey()), html);
                    b.append(':');
                    write(b, e.getValue(), html);
                }
                b.append('}');
            }
            case STRUCT -> {
                b.append('{');
                writeFields(b, v, html, new boolean[] {true});
                b.append('}');
            }
            case FUNC -> b.append("null");
            default -> b.append(v.kind().isUint() ? Long.toUnsignedString(v.longValue()) : v.longValue());
        }
    }

    private static void writeFields(StringBuilder b, Value v, boolean html, boolean[] first) {
        List<GoType.Field> fields = v.type().fields();
        for (int i = 0; i < fields.size(); i++) {
            GoType.Field f = fields.get(i);
            Value fv = v.field(i);
            if (f.embedded() && f.jsonName() == null) {
                Value inner = fv.kind() == Kind.POINTER ? fv.elem() : fv;
                if (inner.isValid() && inner.kind() == Kind.STRUCT) {
                    writeFields(b, inner, html, first);
                }
                continue;
            }
            if (f.jsonName() == null || !f.exported()) {
                continue;
            }
            if (f.omitEmpty() && isEmpty(fv)) {
                continue;
            }
            if (!first[0]) {
                b.append(',');
            }
            first[0] = false;
            quote(b, f.jsonName(), html);
            b.append(':');
            write(b, fv, html);
        }
    }

    private static boolean isEmpty(Value v) {
        return switch (v.kind()) {
            case ARRAY, MAP, SLICE, STRING -> v.len() == 0;
            case BOOL -> !v.boolValue();
            case FLOAT32, FLOAT64 -> v.doubleValue() == 0;
            case INTERFACE, POINTER, FUNC -> v.isNil();
            case STRUCT, COMPLEX128 -> false;
            default -> v.longValue() == 0;
        };
    }

    @SuppressWarnings("unchecked")
    private static void writeJava(StringBuilder b, Object o, boolean html) {
        switch (o) {
            case null -> b.append("null");
            case Value v -> write(b, v, html);
            case String s -> quote(b, s, html);
            case Map<?, ?> m -> {
                b.append('{');
                List<String> keys = new ArrayList<>();
                m.keySet().forEach(k -> keys.add(String.valueOf(k)));
                keys.sort(GoFmt::compareUtf8);
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    quote(b, keys.get(i), html);
                    b.append(':');
                    writeJava(b, ((Map<Object, Object>) m).get(keys.get(i)), html);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    writeJava(b, l.get(i), html);
                }
                b.append(']');
            }
            default -> b.append(o);
        }
    }

    /** A Go value's JSON as a generic tree (maps, lists, scalars), for marshalers that rebuild it as a map. */
    public static Object toGeneric(Value v) {
        try {
            return generic(dev.berth.json.Json.MAPPER.readTree(marshal(v, false)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object generic(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), generic(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(generic(x)));
            return l;
        }
        if (n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        return new RawJson(n.toString());
    }

    private record RawJson(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Go's encoder's string form: {@code \"}, {@code \\}, short escapes, a backslash-u escape for other controls and U+2028/9, optional HTML. */
    static void quote(StringBuilder b, String s, boolean html) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || (html && (c == '<' || c == '>' || c == '&'))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        b.append("\\ufffd");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A value of type {@code t} filled from {@code json} as json.Unmarshal does (null or missing: the zero value). */
    public static Value decode(JsonNode json, GoType t) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return Value.zero(t);
        }
        switch (t.kind()) {
            case BOOL:
                return Value.of(t, json.asBoolean());
            case STRING:
                return Value.of(t, json.isTextual() ? json.asText() : json.toString());
            case FLOAT32, FLOAT64:
                return Value.of(t, json.asDouble());
            case POINTER:
                return Value.pointer(t, decode(json, t.elem()));
            case INTERFACE:
                return new Value(t, decodeAny(json), false);
            case SLICE, ARRAY: {
                List<Value> l = new ArrayList<>();
                if (json.isArray()) {
                    json.forEach(x -> l.add(decode(x, t.elem()).addressable()));
                }
                if (t.kind() == Kind.ARRAY) {
                    while (l.size() < t.length()) {
                        l.add(Value.zero(t.elem()).addressable());
                    }
                    return Value.of(t, new ArrayList<>(l.subList(0, t.length())));
                }
                return Value.of(t, l);
            }
            case MAP: {
                Map<Object, Value> m = new LinkedHashMap<>();
                if (json.isObject()) {
                    json.properties().forEach(e -> m.put(e.getKey(), decode(e.getValue(), t.elem())));
                }
                return Value.of(t, m);
            }
            case STRUCT:
                return decodeStruct(json, t);
            case FUNC, COMPLEX128:
                return Value.zero(t);
            default:
                return Value.of(t, json.isNumber() ? json.asLong() : 0L);
        }
    }

    private static Value decodeStruct(JsonNode json, GoType t) {
        Value[] fields = new Value[t.fields().size()];
        for (int i = 0; i < fields.length; i++) {
            GoType.Field f = t.fields().get(i);
            if (f.embedded() && f.jsonName() == null) {
                GoType et = f.type().kind() == Kind.POINTER ? f.type().elem() : f.type();
                Value inner = decodeStruct(json, et);
                fields[i] = f.type().kind() == Kind.POINTER ? Value.pointer(f.type(), inner) : inner;
                continue;
            }
            JsonNode j = f.jsonName() == null || !f.exported() ? null : member(json, f.jsonName());
            fields[i] = decode(j, f.type());
        }
        return new Value(t, fields, false);
    }

    /** The member named {@code key}, an exact match before a case-insensitive one, as Go's decoder picks. */
    private static JsonNode member(JsonNode obj, String key) {
        if (!obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static final GoType MAP_ANY = GoType.mapOf(GoType.STRING, GoType.ANY);
    private static final GoType SLICE_ANY = GoType.sliceOf(GoType.ANY);

    /** JSON into an {@code interface{}}: objects, arrays, float64, string, bool; null is a nil interface. */
    private static Value decodeAny(JsonNode j) {
        if (j.isObject()) {
            Map<Object, Value> m = new LinkedHashMap<>();
            j.properties().forEach(e -> m.put(e.getKey(), new Value(GoType.ANY, decodeAny(e.getValue()), false)));
            return Value.of(MAP_ANY, m);
        }
        if (j.isArray()) {
            List<Value> l = new ArrayList<>();
            j.forEach(x -> l.add(new Value(GoType.ANY, decodeAny(x), false)));
            return Value.of(SLICE_ANY, l);
        }
        if (j.isNumber()) {
            return Value.of(GoType.FLOAT64, j.asDouble());
        }
        if (j.isBoolean()) {
            return Value.ofBool(j.asBoolean());
        }
        if (j.isTextual()) {
            return Value.of(j.asText());
        }
        return null;
    }
}
