package dev.berth.gotext.template;

import dev.berth.gotext.template.GoType.Kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go value with its type, as {@code reflect.Value} holds one: the data of a bool is a {@code Boolean}, of any
 * integer a {@code Long} (unsigned ones read as unsigned), of a float a {@code Double}, of a complex a
 * {@code double[2]}, of a string a {@code String}; a slice or array holds a {@code List<Value>} ({@code null} for a
 * nil slice), a map a {@code Map<Object, Value>} keyed by the keys' data ({@code null} for a nil map), a struct a
 * {@code Value[]} of its fields, a pointer or interface the {@code Value} it refers to ({@code null} for nil), a func
 * a {@link GoFunc}. {@link #INVALID} is the zero {@code reflect.Value}. Immutable and thread-safe.
 */
public final class Value {

    /** The invalid value: what a missing map key or an untyped nil evaluates to. */
    public static final Value INVALID = new Value(null, null, false);

    final GoType type;
    final Object data;
    /** Reached through a pointer, a slice element or a field of such: pointer methods apply, as Go's CanAddr. */
    final boolean addressable;

    Value(GoType type, Object data, boolean addressable) {
        this.type = type;
        this.data = data;
        this.addressable = addressable;
    }

    public static Value of(String s) {
        return new Value(GoType.STRING, s, false);
    }

    public static Value of(GoType type, Object data) {
        return new Value(type, data, false);
    }

    public static Value ofInt(long v) {
        return new Value(GoType.INT, v, false);
    }

    public static Value ofBool(boolean v) {
        return new Value(GoType.BOOL, v, false);
    }

    /** A string slice ({@code []string}); {@code null} makes a nil slice. */
    public static Value stringSlice(List<String> items) {
        GoType t = GoType.sliceOf(GoType.STRING);
        if (items == null) {
            return new Value(t, null, false);
        }
        List<Value> l = new ArrayList<>(items.size());
        items.forEach(s -> l.add(of(s)));
        return new Value(t, l, false);
    }

    /** A {@code map[string]string}; {@code null} makes a nil map. */
    public static Value stringMap(GoType type, Map<String, String> m) {
        if (m == null) {
            return new Value(type, null, false);
        }
        Map<Object, Value> d = new LinkedHashMap<>();
        m.forEach((k, v) -> d.put(k, of(v)));
        return new Value(type, d, false);
    }

    /** A struct value of {@code type} with the given field values, in field order. */
    public static Value struct(GoType type, Value... fields) {
        if (fields.length != type.fields().size()) {
            throw new IllegalArgumentException(type + " has " + type.fields().size() + " fields");
        }
        return new Value(type, fields.clone(), false);
    }

    /** A pointer to {@code target}, or a nil pointer of type {@code *elem} when target is null. */
    public static Value pointer(GoType pointerType, Value target) {
        return new Value(pointerType, target == null ? null : target.addressable(), false);
    }

    /** The zero value of a type: 0, "", false, nil pointer, nil map or slice, a struct of zero fields. */
    public static Value zero(GoType t) {
        return switch (t.kind) {
            case BOOL -> new Value(t, false, false);
            case STRING -> new Value(t, "", false);
            case FLOAT32, FLOAT64 -> new Value(t, 0.0, false);
            case COMPLEX128 -> new Value(t, new double[2], false);
            case ARRAY -> {
                List<Value> l = new ArrayList<>();
                for (int i = 0; i < t.length; i++) {
                    l.add(zero(t.elem).addressable());
                }
                yield new Value(t, l, false);
            }
            case SLICE, MAP, POINTER, INTERFACE, FUNC -> new Value(t, null, false);
            case STRUCT -> {
                if (t == GoType.REFLECT_VALUE) {
                    yield INVALID;
                }
                Value[] f = new Value[t.fields().size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = zero(t.fields().get(i).type());
                }
                yield new Value(t, f, false);
            }
            default -> new Value(t, 0L, false);
        };
    }

    /** An interface value of type {@code any} holding {@code v} (nil when v is invalid). */
    static Value boxed(Value v) {
        return new Value(GoType.ANY, v.isValid() ? v : null, false);
    }

    Value addressable() {
        return addressable || type == null ? this : new Value(type, data, true);
    }

    public boolean isValid() {
        return type != null;
    }

    public GoType type() {
        return type;
    }

    public Kind kind() {
        return type == null ? null : type.kind;
    }

    /** For a pointer, interface, map, slice or func: whether it is nil. */
    public boolean isNil() {
        return data == null;
    }

    public String str() {
        return (String) data;
    }

    public long longValue() {
        return (Long) data;
    }

    public double doubleValue() {
        return (Double) data;
    }

    public boolean boolValue() {
        return (Boolean) data;
    }

    /** The pointee of a pointer or the dynamic value of an interface; INVALID when nil. */
    public Value elem() {
        Value v = (Value) data;
        return v == null ? INVALID : v;
    }

    @SuppressWarnings("unchecked")
    public List<Value> list() {
        List<Value> l = (List<Value>) data;
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    @SuppressWarnings("unchecked")
    public Map<Object, Value> map() {
        Map<Object, Value> m = (Map<Object, Value>) data;
        return m == null ? Map.of() : Collections.unmodifiableMap(m);
    }

    public Value field(int i) {
        Value f = ((Value[]) data)[i];
        return addressable ? f.addressable() : f;
    }

    /** A struct field by Go name, promoted fields included; null when there is none. */
    public Value field(String name) {
        int[] path = type.fieldPath(name);
        if (path == null) {
            return null;
        }
        Value v = this;
        for (int i : path) {
            if (v.kind() == Kind.POINTER) {
                v = v.elem();
            }
            v = v.field(i);
        }
        return v;
    }

    /** The number of elements of a string (bytes), slice, array or map. */
    public int len() {
        return switch (type.kind) {
            case STRING -> GoStrings.utf8Length(str());
            case SLICE, ARRAY -> list().size();
            case MAP -> map().size();
            default -> throw new IllegalStateException("len of " + type);
        };
    }

    @Override
    public String toString() {
        return isValid() ? GoFmt.sprint(List.of(this)) : "<invalid reflect.Value>";
    }
}
