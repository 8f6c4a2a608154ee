package dev.berth.api;

import dev.berth.api.GoValues.StructValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one syntactically valid JSON value into a record the way Go's {@code encoding/json} decodes it into the
 * struct the record stands for: keys match fields exactly or case-insensitively, unknown keys are skipped, scalars
 * are never coerced (a number is not a string), null leaves scalars alone and clears maps, slices and structs, a
 * repeated key decodes into what the first one built (maps and structs merge), and strings decode as Go unquotes
 * them (invalid UTF-8 and lone surrogates become U+FFFD). The first type mismatch is reported with Go's
 * {@code UnmarshalTypeError} text. Instances are single-use and not thread-safe.
 */
final class GoJsonDecoder {

    /** Go's {@code UnmarshalTypeError}, worded as it prints. */
    static final class TypeError extends Exception {
        TypeError(String message) {
            super(message, null, false, false);
        }
    }

    private final GoJsonCursor in;
    private String firstError;
    // Go's errorContext: the innermost struct whose field is being decoded and the field path from the root.
    private GoShape.Struct contextStruct;
    private final List<String> fieldStack = new ArrayList<>();

    private GoJsonDecoder(byte[] b, int start, int end) {
        this.in = new GoJsonCursor(b, start, end);
    }

    /** Decodes the value at {@code [start, end)} of {@code body} into {@code type}, a record with {@code @GoType}. */
    static <T> T decode(byte[] body, int start, int end, Class<T> type) throws TypeError {
        GoShape.Struct shape = GoShape.of(type);
        Object value = decodeValue(body, start, end, shape);
        // A top-level null leaves Go's struct as it was: all zero.
        return type.cast(GoValues.finish(shape, value == null ? new StructValue(shape) : value));
    }

    /** Decodes the value at {@code [start, end)} into any shape; used for filter maps. */
    static Object decode(byte[] body, int start, int end, GoShape shape) throws TypeError {
        return GoValues.finish(shape, decodeValue(body, start, end, shape));
    }

    private static Object decodeValue(byte[] body, int start, int end, GoShape shape) throws TypeError {
        GoJsonDecoder d = new GoJsonDecoder(body, start, end);
        Object value = d.value(shape, null);
        if (d.firstError != null) {
            throw new TypeError(d.firstError);
        }
        return value;
    }

    /**
     * Decodes the next value into {@code shape}, starting from {@code existing} (what an earlier key built).
     * Returns the new value; JSON null returns {@code existing} for scalars and null for the rest.
     */
    private Object value(GoShape shape, Object existing) {
        in.skipSpace();
        int c = in.peek();
        return switch (c) {
            case '{' -> object(shape, existing);
            case '[' -> array(shape, existing);
            case '"' -> string(shape, existing);
            case 't', 'f' -> bool(shape, existing, c == 't');
            case 'n' -> {
                in.pos += 4;
                yield switch (shape) {
                    case GoShape.Str s -> existing;
                    case GoShape.Bool s -> existing;
                    case GoShape.Int s -> existing;
                    case GoShape.Float s -> existing;
                    case GoShape.Any s -> null;
                    case GoShape.MapOf s -> null;
                    case GoShape.ListOf s -> null;
                    case GoShape.Struct s -> null;
                };
            }
            default -> number(shape, existing);
        };
    }

    private Object object(GoShape shape, Object existing) {
        switch (shape) {
            case GoShape.Struct s -> {
                StructValue target = existing instanceof StructValue sv ? sv : new StructValue(s);
                members((key) -> {
                    GoShape.Field f = s.field(key);
                    if (f == null) {
                        in.skipValue();
                        return;
                    }
                    GoShape.Struct savedStruct = contextStruct;
                    int savedDepth = fieldStack.size();
                    StructValue holder = target;
                    for (int i = 0; i < f.path().length - 1; i++) {
                        int slot = f.path()[i];
                        if (!(holder.slots[slot] instanceof StructValue)) {
                            holder.slots[slot] = new StructValue(
                                    (GoShape.Struct) holder.shape.componentShapes().get(slot));
                        }
                        holder = (StructValue) holder.slots[slot];
                    }
                    fieldStack.addAll(f.embeddedNames());
                    fieldStack.add(f.name());
                    contextStruct = s;
                    int slot = f.path()[f.path().length - 1];
                    holder.slots[slot] = value(f.shape(), holder.slots[slot]);
                    fieldStack.subList(savedDepth, fieldStack.size()).clear();
                    contextStruct = savedStruct;
                });
                return target;
            }
            case GoShape.MapOf m -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> target = existing instanceof Map<?, ?> map
                        ? (Map<String, Object>) map : new LinkedHashMap<>();
                members((key) -> {
                    Object element = value(m.value(), null);
                    target.put(key, element == null ? zero(m.value()) : element);
                });
                return target;
            }
            case GoShape.Any a -> {
                Map<String, Object> target = new LinkedHashMap<>();
                members((key) -> target.put(key, value(a, null)));
                return target;
            }
            default -> {
                typeError("object", shape);
                in.skipValue();
                return existing;
            }
        }
    }

    private interface Member {
        void decode(String key);
    }

    /** Walks the members of the object at {@code pos}, leaving {@code pos} after its closing brace. */
    private void members(Member member) {
        in.pos++;
        in.skipSpace();
        if (in.peek() == '}') {
            in.pos++;
            return;
        }
        while (true) {
            in.skipSpace();
            String key = in.readString();
            in.skipSpace();
            in.pos++; // ':'
            member.decode(key);
            in.skipSpace();
            if (in.b[in.pos++] == '}') {
                return;
            }
        }
    }

    private Object array(GoShape shape, Object existing) {
        GoShape element = switch (shape) {
            case GoShape.ListOf l -> l.element();
            case GoShape.Any a -> a;
            default -> null;
        };
        if (element == null) {
            typeError("array", shape);
            in.skipValue();
            return existing;
        }
        // Go decodes into the elements the slice already has (a repeated key merges), then truncates.
        List<?> previous = existing instanceof List<?> l ? l : List.of();
        List<Object> target = new ArrayList<>();
        in.pos++;
        in.skipSpace();
        if (in.peek() == ']') {
            in.pos++;
            return target;
        }
        while (true) {
            Object before = target.size() < previous.size() ? previous.get(target.size()) : null;
            Object v = value(element, before);
            target.add(v == null ? zero(element) : v);
            in.skipSpace();
            if (in.b[in.pos++] == ']') {
                return target;
            }
        }
    }

    private Object string(GoShape shape, Object existing) {
        String s = in.readString();
        return switch (shape) {
            case GoShape.Str str -> s;
            case GoShape.Any any -> s;
            default -> {
                typeError("string", shape);
                yield existing;
            }
        };
    }

    private Object bool(GoShape shape, Object existing, boolean value) {
        in.pos += value ? 4 : 5;
        return switch (shape) {
            case GoShape.Bool bool -> value;
            case GoShape.Any any -> value;
            default -> {
                typeError("bool", shape);
                yield existing;
            }
        };
    }

    private Object number(GoShape shape, Object existing) {
        String literal = in.numberLiteral();
        switch (shape) {
            case GoShape.Int i -> {
                try {
                    long v = Long.parseLong(literal);
                    if (v >= i.min() && v <= i.max()) {
                        return i.box(v);
                    }
                } catch (NumberFormatException e) {
                    // Go's ParseInt fails too: a fraction, an exponent or out of int64 range.
                }
                typeError("number " + literal, shape);
                return existing;
            }
            case GoShape.Float f -> {
                double v = Double.parseDouble(literal);
                if (Double.isInfinite(v)) {
                    typeError("number " + literal, shape);
                    return existing;
                }
                return v;
            }
            case GoShape.Any a -> {
                double v = Double.parseDouble(literal);
                if (Double.isInfinite(v)) {
                    typeError("number " + literal, new GoShape.Float("float64", false));
                    return existing;
                }
                return v;
            }
            default -> {
                typeError("number", shape);
                return existing;
            }
        }
    }

    /** Records the first mismatch, in Go's words, with the struct and field path in effect. */
    private void typeError(String jsonKind, GoShape target) {
        if (firstError != null) {
            return;
        }
        if (contextStruct == null && fieldStack.isEmpty()) {
            firstError = "json: cannot unmarshal " + jsonKind + " into Go value of type " + target.goName();
        } else {
            firstError = "json: cannot unmarshal " + jsonKind + " into Go struct field " + contextStruct.shortName()
                    + "." + String.join(".", fieldStack) + " of type " + target.goName();
        }
    }

    private static Object zero(GoShape shape) {
        return shape instanceof GoShape.Struct s ? new StructValue(s) : shape.zero();
    }
}
