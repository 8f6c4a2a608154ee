package dev.berth.gotext.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Go type as {@code reflect.Type} describes it, as far as templates, {@code fmt} and {@code encoding/json} need:
 * the kind, the name Go prints ({@code volume.Volume}, {@code map[string]string}, {@code interface {}}), element and
 * key types, struct fields with their JSON tags, and methods. Immutable once built and thread-safe.
 */
public final class GoType {

    /** Go's {@code reflect.Kind}, less the kinds no template data here has (chan, unsafe pointer). */
    public enum Kind {
        BOOL, INT, INT8, INT16, INT32, INT64, UINT, UINT8, UINT16, UINT32, UINT64, UINTPTR, FLOAT32, FLOAT64,
        COMPLEX128, STRING, ARRAY, SLICE, MAP, STRUCT, POINTER, INTERFACE, FUNC;

        boolean isInt() {
            return this == INT || this == INT8 || this == INT16 || this == INT32 || this == INT64;
        }

        boolean isUint() {
            return this == UINT || this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64 || this == UINTPTR;
        }

        boolean isFloat() {
            return this == FLOAT32 || this == FLOAT64;
        }
    }

    /**
     * A struct field: its Go name, type, the JSON key ({@code null} when {@code json:"-"}), {@code omitempty}, and
     * whether it is embedded (its fields and methods are promoted; JSON inlines it unless the tag names it).
     */
    public record Field(String name, GoType type, String jsonName, boolean omitEmpty, boolean embedded) {
        public boolean exported() {
            return Character.isUpperCase(name.codePointAt(0));
        }
    }

    /** A method: a function whose receiver is bound when it is looked up. */
    public record Method(String name, boolean pointerReceiver, List<GoType> params, GoType result,
                         java.util.function.BiFunction<Value, List<Value>, Value> impl) {
    }

    public static final GoType BOOL = basic(Kind.BOOL, "bool");
    public static final GoType INT = basic(Kind.INT, "int");
    public static final GoType INT64 = basic(Kind.INT64, "int64");
    public static final GoType INT32 = basic(Kind.INT32, "int32");
    public static final GoType UINT8 = basic(Kind.UINT8, "uint8");
    public static final GoType UINT32 = basic(Kind.UINT32, "uint32");
    public static final GoType UINT64 = basic(Kind.UINT64, "uint64");
    public static final GoType FLOAT64 = basic(Kind.FLOAT64, "float64");
    public static final GoType COMPLEX128 = basic(Kind.COMPLEX128, "complex128");
    public static final GoType STRING = basic(Kind.STRING, "string");
    /** The empty interface, {@code any}. */
    public static final GoType ANY = new GoType(Kind.INTERFACE, "interface {}", true, null, null, 0);
    /** {@code reflect.Value}, the parameter type of builtins that take any value as it is. */
    public static final GoType REFLECT_VALUE = new GoType(Kind.STRUCT, "reflect.Value", true, null, null, 0);
    /** {@code error}, only as a name in messages. */
    public static final GoType ERROR = new GoType(Kind.INTERFACE, "error", true, null, null, 0);

    final Kind kind;
    final String name;
    final boolean named;
    final GoType elem;
    final GoType key;
    final int length;
    private GoType underlying = this;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, Method> methods = new LinkedHashMap<>();
    private Function<Value, String> stringer;
    private Function<Value, Object> jsonMarshaler;
    private boolean frozen;

    private GoType(Kind kind, String name, boolean named, GoType elem, GoType key, int length) {
        this.kind = kind;
        this.name = name;
        this.named = named;
        this.elem = elem;
        this.key = key;
        this.length = length;
    }

    private static GoType basic(Kind kind, String name) {
        GoType t = new GoType(kind, name, true, null, null, 0);
        t.frozen = true;
        return t;
    }

    public static GoType sliceOf(GoType elem) {
        return new GoType(Kind.SLICE, "[]" + elem.name, false, elem, null, 0).freeze();
    }

    public static GoType arrayOf(int length, GoType elem) {
        return new GoType(Kind.ARRAY, "[" + length + "]" + elem.name, false, elem, null, length).freeze();
    }

    public static GoType mapOf(GoType key, GoType elem) {
        return new GoType(Kind.MAP, "map[" + key.name + "]" + elem.name, false, elem, key, 0).freeze();
    }

    public static GoType pointerTo(GoType elem) {
        return new GoType(Kind.POINTER, "*" + elem.name, false, elem, null, 0).freeze();
    }

    /** A defined type over a basic, slice or map type, e.g. {@code container.Isolation} over string. */
    public static GoType named(String name, GoType underlying) {
        GoType t = new GoType(underlying.kind, name, true, underlying.elem, underlying.key, underlying.length);
        t.underlying = underlying;
        return t;
    }

    /** A named struct type, filled with {@link #field} and friends, then {@link #freeze}d. */
    public static GoType struct(String name) {
        return new GoType(Kind.STRUCT, name, true, null, null, 0);
    }

    /** An unnamed struct type ({@code struct { Name string }}); its name is computed when it is frozen. */
    public static GoType anonymousStruct() {
        return new GoType(Kind.STRUCT, null, false, null, null, 0);
    }

    /** Adds an exported field whose JSON key is its name. */
    public GoType field(String name, GoType type) {
        return field(name, type, name, false);
    }

    /** Adds a field with a JSON key ({@code null} for {@code json:"-"}) and {@code omitempty}. */
    public GoType field(String name, GoType type, String jsonName, boolean omitEmpty) {
        check();
        fields.add(new Field(name, type, jsonName, omitEmpty, false));
        return this;
    }

    /** Adds an embedded field named after its type. */
    public GoType embed(String name, GoType type, boolean omitEmpty) {
        check();
        fields.add(new Field(name, type, null, omitEmpty, true));
        return this;
    }

    public GoType method(String name, boolean pointerReceiver, List<GoType> params, GoType result,
                         java.util.function.BiFunction<Value, List<Value>, Value> impl) {
        check();
        methods.put(name, new Method(name, pointerReceiver, List.copyOf(params), result, impl));
        return this;
    }

    /** A {@code String() string} method: fmt prints the value with it. */
    public GoType stringer(Function<Value, String> s) {
        check();
        this.stringer = s;
        return this;
    }

    /**
     * A {@code MarshalJSON} method: the function returns what to encode instead ({@link Value}, a {@code String} of
     * raw JSON, or a Java map/list/scalar tree).
     */
    public GoType jsonMarshaler(Function<Value, Object> m) {
        check();
        this.jsonMarshaler = m;
        return this;
    }

    private void check() {
        if (frozen) {
            throw new IllegalStateException("type " + name + " is frozen");
        }
    }

    public GoType freeze() {
        frozen = true;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public GoType elem() {
        return elem;
    }

    public GoType key() {
        return key;
    }

    public int length() {
        return length;
    }

    public List<Field> fields() {
        return fields;
    }

    Method methodNamed(String name) {
        return methods.get(name);
    }

    Function<Value, String> stringer() {
        return stringer;
    }

    Function<Value, Object> jsonMarshaler() {
        return jsonMarshaler;
    }

    GoType underlying() {
        return underlying;
    }

    boolean isEmptyInterface() {
        return kind == Kind.INTERFACE && this != ERROR;
    }

    /** Go's AssignableTo for the types templates meet: identical, an unnamed side with the same underlying type, or any. */
    boolean assignableTo(GoType t) {
        if (this == t || t.isEmptyInterface()) {
            return true;
        }
        if (t == REFLECT_VALUE) {
            return false;
        }
        if ((!named || !t.named) && underlying.identical(t.underlying)) {
            return true;
        }
        return false;
    }

    private boolean identical(GoType o) {
        if (this == o) {
            return true;
        }
        if (kind != o.kind || named || o.named) {
            return false;
        }
        return switch (kind) {
            case SLICE, POINTER -> elem.identical(o.elem);
            case ARRAY -> length == o.length && elem.identical(o.elem);
            case MAP -> key.identical(o.key) && elem.identical(o.elem);
            case STRUCT -> toString().equals(o.toString());
            default -> false;
        };
    }

    @Override
    public String toString() {
        if (name == null) {
            StringBuilder b = new StringBuilder("struct {");
            for (int i = 0; i < fields.size(); i++) {
                b.append(i == 0 ? " " : "; ").append(fields.get(i).name()).append(' ').append(fields.get(i).type());
            }
            return b.append(fields.isEmpty() ? "}" : " }").toString();
        }
        return name;
    }

    /** The field reached by {@code name} with Go's promotion through embedded structs, as an index path. */
    int[] fieldPath(String fieldName) {
        // Breadth first: the shallowest match wins; two at the same depth cancel out, as reflect's FieldByName.
        List<int[]> level = new ArrayList<>();
        List<GoType> types = new ArrayList<>();
        level.add(new int[0]);
        types.add(this);
        for (int depth = 0; depth < 8 && !level.isEmpty(); depth++) {
            int[] found = null;
            int count = 0;
            List<int[]> next = new ArrayList<>();
            List<GoType> nextTypes = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                GoType st = types.get(i);
                for (int f = 0; f < st.fields.size(); f++) {
                    Field fd = st.fields.get(f);
                    int[] path = java.util.Arrays.copyOf(level.get(i), level.get(i).length + 1);
                    path[path.length - 1] = f;
                    if (fd.name().equals(fieldName)) {
                        found = path;
                        count++;
                    } else if (fd.embedded()) {
                        GoType et = fd.type().kind == Kind.POINTER ? fd.type().elem : fd.type();
                        if (et.kind == Kind.STRUCT) {
                            next.add(path);
                            nextTypes.add(et);
                        }
                    }
                }
            }
            if (count == 1) {
                return found;
            }
            if (count > 1) {
                return null;
            }
            level = next;
            types = nextTypes;
        }
        return null;
    }
}
