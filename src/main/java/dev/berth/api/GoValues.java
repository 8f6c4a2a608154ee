package dev.berth.api;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what {@link GoJsonDecoder} collected into the Java values its shapes describe: records through their
 * canonical constructors (so compact constructors still validate), unmodifiable maps that keep key order, and
 * unmodifiable lists; absent primitives are zero. Stateless and thread-safe.
 */
final class GoValues {

    private GoValues() {
    }

    /** A struct being filled: one slot per record component, nested structs as further StructValues. */
    static final class StructValue {
        final GoShape.Struct shape;
        final Object[] slots;

        StructValue(GoShape.Struct shape) {
            this.shape = shape;
            this.slots = new Object[shape.componentShapes().size()];
        }
    }

    /** Turns the decoded tree into the record, maps and lists the shapes describe. */
    static Object finish(GoShape shape, Object value) {
        if (value == null) {
            return null;
        }
        return switch (shape) {
            case GoShape.Struct s -> {
                StructValue sv = (StructValue) value;
                Object[] args = new Object[sv.slots.length];
                for (int i = 0; i < args.length; i++) {
                    Object slot = finish(s.componentShapes().get(i), sv.slots[i]);
                    args[i] = slot != null ? slot : primitiveZero(s.componentTypes().get(i));
                }
                yield construct(s, args);
            }
            case GoShape.MapOf m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, finish(m.value(), v)));
                yield Collections.unmodifiableMap(out);
            }
            case GoShape.ListOf l -> {
                List<Object> out = new ArrayList<>();
                for (Object v : (List<?>) value) {
                    out.add(finish(l.element(), v));
                }
                yield Collections.unmodifiableList(out);
            }
            case GoShape.Any a -> value;
            case GoShape.Str s -> value;
            case GoShape.Bool bo -> value;
            case GoShape.Int i -> value;
            case GoShape.Float f -> value;
        };
    }

    private static Object primitiveZero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return null;
    }

    private static Object construct(GoShape.Struct s, Object[] args) {
        try {
            return s.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot build " + s.type().getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + s.type().getName(), e);
        }
    }

}
