package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.GoShape.Any;
import dev.berth.api.GoShape.Bool;
import dev.berth.api.GoShape.Field;
import dev.berth.api.GoShape.Float;
import dev.berth.api.GoShape.Int;
import dev.berth.api.GoShape.ListOf;
import dev.berth.api.GoShape.MapOf;
import dev.berth.api.GoShape.Str;
import dev.berth.api.GoShape.Struct;
import dev.berth.api.wire.GoEmbedded;
import dev.berth.api.wire.GoType;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@link GoShape}s from records by reflection and caches each record's shape. Every record reached must
 * carry {@link GoType}; component types outside the supported set are rejected when the shape is built, not when a
 * request arrives. Thread-safe.
 */
final class GoShapes {

    private static final Map<Class<?>, Struct> STRUCTS = new ConcurrentHashMap<>();
    /** Go's integer kinds on amd64 ({@code int} and {@code uint} are 64-bit): the range and whether unsigned. */
    private static final Map<String, IntKind> INT_KINDS = Map.ofEntries(
            Map.entry("int8", new IntKind(false, Byte.MIN_VALUE, Byte.MAX_VALUE)),
            Map.entry("int16", new IntKind(false, Short.MIN_VALUE, Short.MAX_VALUE)),
            Map.entry("int32", new IntKind(false, Integer.MIN_VALUE, Integer.MAX_VALUE)),
            Map.entry("int64", new IntKind(false, Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry("int", new IntKind(false, Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry("uint8", new IntKind(true, 0, 0xffL)),
            Map.entry("uint16", new IntKind(true, 0, 0xffffL)),
            Map.entry("uint32", new IntKind(true, 0, 0xffff_ffffL)),
            Map.entry("uint64", new IntKind(true, 0, -1L)),
            Map.entry("uint", new IntKind(true, 0, -1L)),
            Map.entry("uintptr", new IntKind(true, 0, -1L)));

    /** {@code max} is unsigned for unsigned kinds (-1 is 2^64-1). */
    private record IntKind(boolean unsigned, long min, long max) {
    }

    private GoShapes() {
    }

    static Struct struct(Class<?> type) {
        Struct s = STRUCTS.get(type);
        if (s == null) {
            s = build(type, new HashSet<>());
            STRUCTS.putIfAbsent(type, s);
        }
        return s;
    }

    private static Struct build(Class<?> type, Set<Class<?>> building) {
        GoType goType = type.getAnnotation(GoType.class);
        if (goType == null) {
            throw new IllegalArgumentException(type.getName() + " has no @GoType naming the Go struct it reads");
        }
        if (!building.add(type)) {
            throw new IllegalArgumentException("recursive record " + type.getName());
        }
        RecordComponent[] components = type.getRecordComponents();
        List<GoShape> shapes = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        List<List<Field>> candidates = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            classes.add(c.getType());
            if (c.isAnnotationPresent(GoEmbedded.class)) {
                if (!c.getType().isRecord()) {
                    throw new IllegalArgumentException("@GoEmbedded " + c.getName() + " is not a record");
                }
                Struct inner = build(c.getType(), building);
                shapes.add(inner);
                List<Field> promoted = new ArrayList<>();
                for (Field f : inner.fields()) {
                    int[] path = new int[f.path().length + 1];
                    path[0] = i;
                    System.arraycopy(f.path(), 0, path, 1, f.path().length);
                    List<String> names = new ArrayList<>();
                    names.add(c.getName());
                    names.addAll(f.embeddedNames());
                    promoted.add(new Field(f.name(), path, List.copyOf(names), f.shape()));
                }
                candidates.add(promoted);
            } else {
                GoShape shape = shape(c.getGenericType(), c.getAnnotation(GoType.class), building);
                shapes.add(shape);
                candidates.add(List.of(new Field(jsonName(c), new int[] {i}, List.of(), shape)));
            }
        }
        building.remove(type);
        List<Field> fields = dominant(candidates);
        Map<String, Field> exact = new HashMap<>();
        Map<String, Field> folded = new HashMap<>();
        for (Field f : fields) {
            exact.put(f.name(), f);
            folded.putIfAbsent(GoShape.fold(f.name()), f);
        }
        Constructor<?> ctor;
        try {
            ctor = type.getDeclaredConstructor(classes.toArray(Class<?>[]::new));
            ctor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("no canonical constructor for " + type.getName(), e);
        }
        return new Struct(goType.value(), type, ctor, List.copyOf(shapes), List.copyOf(classes),
                List.copyOf(fields), Map.copyOf(exact), Map.copyOf(folded));
    }

    /**
     * Go's rule for clashing names: the shallowest field wins and a tie at that depth hides the name; the
     * survivors keep declaration order.
     */
    private static List<Field> dominant(List<List<Field>> candidates) {
        Map<String, Integer> best = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (List<Field> group : candidates) {
            for (Field f : group) {
                int depth = f.path().length;
                Integer d = best.get(f.name());
                if (d == null || depth < d) {
                    best.put(f.name(), depth);
                    count.put(f.name(), 1);
                } else if (depth == d) {
                    count.merge(f.name(), 1, Integer::sum);
                }
            }
        }
        Map<String, Field> chosen = new LinkedHashMap<>();
        for (List<Field> group : candidates) {
            for (Field f : group) {
                if (f.path().length == best.get(f.name()) && count.get(f.name()) == 1) {
                    chosen.put(f.name(), f);
                }
            }
        }
        return List.copyOf(chosen.values());
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty p = c.getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAccessor().getAnnotation(JsonProperty.class);
        }
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private static GoShape shape(Type t, GoType override, Set<Class<?>> building) {
        GoShape s = shape(t, building);
        if (override == null) {
            return s;
        }
        return switch (s) {
            case Str str -> new Str(override.value());
            case Bool b -> new Bool(override.value(), b.primitive());
            case Float f -> new Float(override.value(), f.primitive());
            case Any a -> new Any(override.value());
            case MapOf m -> new MapOf(override.value(), m.value());
            case ListOf l -> new ListOf(override.value(), l.element());
            case Struct st -> st;
            case Int i -> {
                // A named type without a kind keeps the kind its Java type implies.
                IntKind k = INT_KINDS.get(override.kind().isEmpty() ? override.value() : override.kind());
                yield k == null ? new Int(override.value(), i.javaType(), i.unsigned(), i.min(), i.max())
                        : new Int(override.value(), i.javaType(), k.unsigned(), k.min(), k.max());
            }
        };
    }

    private static GoShape shape(Type t, Set<Class<?>> building) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw) && args[0] == String.class) {
                GoShape value = shape(args[1], building);
                return new MapOf("map[string]" + value.goName(), value);
            }
            if (List.class.isAssignableFrom(raw)) {
                GoShape element = shape(args[0], building);
                return new ListOf("[]" + element.goName(), element);
            }
        }
        if (t instanceof Class<?> c) {
            if (c == String.class) {
                return new Str("string");
            }
            if (c == boolean.class || c == Boolean.class) {
                return new Bool("bool", c.isPrimitive());
            }
            if (c == int.class || c == Integer.class) {
                // Go's int is 64-bit; values beyond the Java int saturate (see GoShape.Int).
                return new Int("int", c, false, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            if (c == long.class || c == Long.class) {
                return new Int("int64", c, false, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            if (c == double.class || c == Double.class) {
                return new Float("float64", c.isPrimitive());
            }
            if (c == Object.class) {
                return new Any("interface {}");
            }
            if (c.isRecord()) {
                Struct cached = STRUCTS.get(c);
                return cached != null ? cached : build(c, building);
            }
        }
        throw new IllegalArgumentException("no Go shape for " + t.getTypeName());
    }
}
