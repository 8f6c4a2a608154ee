package dev.berth.api;

import dev.berth.api.GoValues.StructValue;

import java.util.ArrayDeque;
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
 * {@code UnmarshalTypeError} text. Only {@code interface {}} values nest as deep as the input (up to the syntax
 * check's 10000 levels); they and skipped values are read iteratively, everything else recurses no deeper than the
 * record types do. Instances are single-use and not thread-safe.
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
        if (shape instanceof GoShape.Any any) {
            // Go builds a fresh value for interface {}; its nesting is the input's, so no recursion here.
            return anyValue(any);
        }
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
        GoShape element = shape instanceof GoShape.ListOf l ? l.element() : null;
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

    /** An open object or array of an {@code interface {}} value, and for an object the key being decoded. */
    private static final class AnyFrame {
        final Map<String, Object> map;
        final List<Object> list;
        String key;

        AnyFrame(Map<String, Object> map, List<Object> list) {
            this.map = map;
            this.list = list;
        }
    }

    /**
     * Decodes the value at {@code pos} as Go decodes into {@code interface {}}: objects as maps, arrays as lists,
     * numbers as doubles (beyond float64 is a type error and the element nil). Iterative, with the open containers
     * on {@code stack}, so any depth the syntax check lets through (Go's 10000) decodes without deep Java stacks.
     */
    private Object anyValue(GoShape.Any shape) {
        ArrayDeque<AnyFrame> stack = new ArrayDeque<>();
        while (true) {
            in.skipSpace();
            int c = in.peek();
            Object v;
            if (c == '{' || c == '[') {
                in.pos++;
                in.skipSpace();
                if (in.peek() == (c == '{' ? '}' : ']')) {
                    in.pos++;
                    v = c == '{' ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                } else {
                    AnyFrame f = c == '{' ? new AnyFrame(new LinkedHashMap<>(), null)
                            : new AnyFrame(null, new ArrayList<>());
                    stack.push(f);
                    if (f.map != null) {
                        f.key = key();
                    }
                    continue;
                }
            } else if (c == '"') {
                v = in.readString();
            } else if (c == 't' || c == 'f') {
                in.pos += c == 't' ? 4 : 5;
                v = c == 't';
            } else if (c == 'n') {
                in.pos += 4;
                v = null;
            } else {
                v = number(shape, null);
            }
            // Store the value, then close every container it completes.
            while (true) {
                AnyFrame top = stack.peek();
                if (top == null) {
                    return v;
                }
                if (top.map != null) {
                    top.map.put(top.key, v);
                } else {
                    top.list.add(v);
                }
                in.skipSpace();
                if (in.b[in.pos++] == ',') {
                    if (top.map != null) {
                        top.key = key();
                    }
                    break;
                }
                stack.pop();
                v = top.map != null ? top.map : top.list;
            }
        }
    }

    /** Reads an object key and the colon after it. */
    private String key() {
        in.skipSpace();
        String key = in.readString();
        in.skipSpace();
        in.pos++; // ':'
        return key;
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
                Object v = i.parse(literal);
                if (v != null) {
                    return v;
                }
                // Go's ParseInt/ParseUint fails (a fraction, an exponent, beyond 64 bits) or the kind overflows.
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
