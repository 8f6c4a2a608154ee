package dev.berth.api;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;

/**
 * The Go view of a Java type that a request body decodes into: which JSON kinds it takes, what Go calls it in
 * errors, and how its Java value is built. Built once per record class from its components (records become
 * structs, {@code Map<String, V>} maps, {@code List<E>} slices, {@code String}, {@code boolean}, {@code int},
 * {@code long}, {@code double} scalars, {@code Object} an {@code interface {}}). Immutable and thread-safe.
 */
sealed interface GoShape {

    /** The Go type as {@code reflect.Type.String()} prints it, used in {@code of type <name>}. */
    String goName();

    /** The value a Go map or slice element starts from (a JSON null leaves it so). */
    Object zero();

    record Str(String goName) implements GoShape {
        @Override
        public Object zero() {
            return "";
        }
    }

    record Bool(String goName, boolean primitive) implements GoShape {
        @Override
        public Object zero() {
            return Boolean.FALSE;
        }
    }

    /**
     * An integer of Go kind with range {@code [min, max]}; {@code unsigned} kinds read {@code max} as an unsigned
     * 64-bit value (uint64 reaches 2^64-1) and reject any minus sign, as Go's {@code ParseUint} does. The range is
     * Go's alone: a number Go accepts is never a type error, and one that is beyond what the Java type holds (an
     * {@code int} field for Go's 64-bit {@code int}, a {@code long} for a uint64 above 2^63-1) saturates to the Java
     * type's nearest bound.
     */
    record Int(String goName, Class<?> javaType, boolean unsigned, long min, long max) implements GoShape {
        @Override
        public Object zero() {
            return box(0);
        }

        /**
         * The Java value of number literal {@code literal}, or null when Go's {@code ParseInt}/{@code ParseUint}
         * rejects it (a fraction, an exponent, beyond 64 bits) or it is outside this kind's range.
         */
        Object parse(String literal) {
            long v;
            try {
                v = unsigned ? Long.parseUnsignedLong(literal) : Long.parseLong(literal);
            } catch (NumberFormatException e) {
                return null;
            }
            if (unsigned) {
                if (Long.compareUnsigned(v, min) < 0 || Long.compareUnsigned(v, max) > 0) {
                    return null;
                }
                // Above 2^63-1 the bits read as negative; the Java value saturates instead.
                return box(v < 0 ? Long.MAX_VALUE : v);
            }
            return v < min || v > max ? null : box(v);
        }

        Object box(long v) {
            if (javaType == int.class || javaType == Integer.class) {
                return Math.clamp(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            return v;
        }
    }

    record Float(String goName, boolean primitive) implements GoShape {
        @Override
        public Object zero() {
            return 0.0;
        }
    }

    /** Go's {@code interface {}}: maps, lists, strings, doubles, booleans and null, as Go's decoder makes them. */
    record Any(String goName) implements GoShape {
        @Override
        public Object zero() {
            return null;
        }
    }

    record MapOf(String goName, GoShape value) implements GoShape {
        @Override
        public Object zero() {
            return null;
        }
    }

    record ListOf(String goName, GoShape element) implements GoShape {
        @Override
        public Object zero() {
            return null;
        }
    }

    /**
     * A record as a Go struct: one shape per record component, and the JSON-visible {@code fields} in Go's order
     * with embedded structs' fields promoted in place.
     */
    record Struct(String goName, Class<?> type, Constructor<?> constructor, List<GoShape> componentShapes,
                  List<Class<?>> componentTypes, List<Field> fields, Map<String, Field> exact,
                  Map<String, Field> folded) implements GoShape {

        /** Go's {@code reflect.Type.Name()}: the type name without its package. */
        String shortName() {
            int dot = goName.lastIndexOf('.');
            return dot < 0 ? goName : goName.substring(dot + 1);
        }

        /** The field a JSON key selects: the exact name first, then Go's case-insensitive fold (first field wins). */
        Field field(String key) {
            Field f = exact.get(key);
            return f != null ? f : folded.get(fold(key));
        }

        @Override
        public Object zero() {
            return null;
        }
    }

    /**
     * One JSON-visible field: its key, the path of component indices to it (more than one through embedded
     * structs), the Go names of the embedded fields on the way, and its shape.
     */
    record Field(String name, int[] path, List<String> embeddedNames, GoShape shape) {
    }

    /** The shape of a record class that a body decodes into. */
    static Struct of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return GoShapes.struct(type);
    }

    /** Go's key folding for struct fields: ASCII letters and other runes to upper case. */
    static String fold(String key) {
        StringBuilder out = new StringBuilder(key.length());
        key.codePoints().forEach(cp -> out.appendCodePoint(cp < 0x80
                ? (cp >= 'a' && cp <= 'z' ? cp - 32 : cp) : Character.toUpperCase(cp)));
        return out.toString();
    }
}
