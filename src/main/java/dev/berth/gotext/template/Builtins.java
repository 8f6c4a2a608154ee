package dev.berth.gotext.template;

import dev.berth.gotext.template.GoType.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * text/template's predefined functions with Go's results and error texts: and, or, not, len, index, slice, call,
 * print, printf, println, html, js, urlquery, eq, ne, lt, le, gt, ge. Stateless.
 */
final class Builtins {

    private static final GoType RV = GoType.REFLECT_VALUE;
    static final Map<String, GoFunc> FUNCS = build();

    private Builtins() {
    }

    private static Map<String, GoFunc> build() {
        Map<String, GoFunc> m = new LinkedHashMap<>();
        // and/or short-circuit in the executor; these bodies are never called.
        m.put("and", GoFunc.variadic("and", RV, List.of(RV, RV), a -> a.getLast()));
        m.put("or", GoFunc.variadic("or", RV, List.of(RV, RV), a -> a.getLast()));
        m.put("not", GoFunc.of("not", GoType.BOOL, List.of(RV), a -> Value.ofBool(!truth(a.getFirst()))));
        m.put("len", GoFunc.of("len", GoType.INT, List.of(RV), a -> Value.ofInt(length(a.getFirst()))));
        m.put("index", GoFunc.variadic("index", RV, List.of(RV, RV), a -> index(a.getFirst(), a.subList(1, a.size()))));
        m.put("slice", GoFunc.variadic("slice", RV, List.of(RV, RV), a -> slice(a.getFirst(), a.subList(1, a.size()))));
        m.put("call", GoFunc.variadic("call", RV, List.of(RV, RV), a -> call(a.getFirst())));
        m.put("print", GoFunc.variadic("print", GoType.STRING, List.of(GoType.ANY), a -> Value.of(GoFmt.sprint(a))));
        m.put("printf", GoFunc.variadic("printf", GoType.STRING, List.of(GoType.STRING, GoType.ANY),
                a -> Value.of(GoFmt.sprintf(a.getFirst().str(), a.subList(1, a.size())))));
        m.put("println", GoFunc.variadic("println", GoType.STRING, List.of(GoType.ANY),
                a -> Value.of(GoFmt.sprintln(a))));
        m.put("html", GoFunc.variadic("html", GoType.STRING, List.of(GoType.ANY), a -> Value.of(html(evalArgs(a)))));
        m.put("js", GoFunc.variadic("js", GoType.STRING, List.of(GoType.ANY), a -> Value.of(js(evalArgs(a)))));
        m.put("urlquery", GoFunc.variadic("urlquery", GoType.STRING, List.of(GoType.ANY),
                a -> Value.of(queryEscape(evalArgs(a)))));
        m.put("eq", GoFunc.variadic("eq", GoType.BOOL, List.of(RV, RV),
                a -> Value.ofBool(eq(a.getFirst(), a.subList(1, a.size())))));
        m.put("ne", GoFunc.of("ne", GoType.BOOL, List.of(RV, RV), a -> Value.ofBool(!eq(a.get(0), List.of(a.get(1))))));
        m.put("lt", GoFunc.of("lt", GoType.BOOL, List.of(RV, RV), a -> Value.ofBool(lt(a.get(0), a.get(1)))));
        m.put("le", GoFunc.of("le", GoType.BOOL, List.of(RV, RV),
                a -> Value.ofBool(lt(a.get(0), a.get(1)) || eq(a.get(0), List.of(a.get(1))))));
        m.put("gt", GoFunc.of("gt", GoType.BOOL, List.of(RV, RV),
                a -> Value.ofBool(!(lt(a.get(0), a.get(1)) || eq(a.get(0), List.of(a.get(1)))))));
        m.put("ge", GoFunc.of("ge", GoType.BOOL, List.of(RV, RV), a -> Value.ofBool(!lt(a.get(0), a.get(1)))));
        return Map.copyOf(m);
    }

    static boolean truth(Value v) {
        Boolean t = Exec.isTrue(Exec.indirectInterface(v));
        return t != null && t;
    }

    private static int length(Value item) {
        Value[] ind = Exec.indirect(item);
        if (ind[1].boolValue()) {
            throw new GoFunc.Failure("len of nil pointer");
        }
        Value v = ind[0];
        if (!v.isValid()) {
            throw new GoFunc.Failure("reflect: call of reflect.Value.Type on zero Value");
        }
        return switch (v.kind()) {
            case ARRAY, MAP, SLICE, STRING -> v.len();
            default -> throw new GoFunc.Failure("len of type " + v.type());
        };
    }

    private static int indexArg(Value index, int cap) {
        long x;
        if (!index.isValid()) {
            throw new GoFunc.Failure("cannot index slice/array with nil");
        }
        if (index.kind().isInt() || index.kind().isUint()) {
            x = index.longValue();
        } else {
            throw new GoFunc.Failure("cannot index slice/array with type " + index.type());
        }
        if (x < 0 || x > cap) {
            throw new GoFunc.Failure("index out of range: " + (index.kind().isUint() ? Long.toUnsignedString(x) : x));
        }
        return (int) x;
    }

    private static Value index(Value item, List<Value> indexes) {
        item = Exec.indirectInterface(item);
        if (!item.isValid()) {
            throw new GoFunc.Failure("index of untyped nil");
        }
        for (Value raw : indexes) {
            Value index = Exec.indirectInterface(raw);
            Value[] ind = Exec.indirect(item);
            if (ind[1].boolValue()) {
                throw new GoFunc.Failure("index of nil pointer");
            }
            item = ind[0];
            switch (item.kind()) {
                case ARRAY, SLICE -> {
                    int x = indexArg(index, item.len());
                    if (x >= item.len()) {
                        throw new GoFunc.Failure("reflect: " + (item.kind() == Kind.ARRAY ? "array" : "slice")
                                + " index out of range");
                    }
                    item = item.list().get(x).addressable();
                }
                case STRING -> {
                    int x = indexArg(index, item.len());
                    byte[] b = GoStrings.bytes(item.str());
                    if (x >= b.length) {
                        throw new GoFunc.Failure("reflect: string index out of range");
                    }
                    item = Value.of(GoType.UINT8, (long) (b[x] & 0xff));
                }
                case MAP -> {
                    Object key = prepareKey(index, item.type().key());
                    Value x = item.map().get(key);
                    item = x != null ? x : Value.zero(item.type().elem());
                }
                default -> throw new GoFunc.Failure("can't index item of type " + item.type());
            }
        }
        return item;
    }

    private static Object prepareKey(Value index, GoType keyType) {
        if (!index.isValid()) {
            if (keyType.isEmptyInterface()) {
                return null;
            }
            throw new GoFunc.Failure("value is nil; should be of type " + keyType);
        }
        if (index.type().assignableTo(keyType)) {
            return index.data;
        }
        boolean intLike = index.kind().isInt() || index.kind().isUint();
        boolean keyIntLike = keyType.kind().isInt() || keyType.kind().isUint();
        if (intLike && keyIntLike) {
            return index.data;
        }
        throw new GoFunc.Failure("value has type " + index.type() + "; should be " + keyType);
    }

    private static Value slice(Value item, List<Value> indexes) {
        item = Exec.indirectInterface(item);
        if (!item.isValid()) {
            throw new GoFunc.Failure("slice of untyped nil");
        }
        if (indexes.size() > 3) {
            throw new GoFunc.Failure("too many slice indexes: " + indexes.size());
        }
        int cap;
        switch (item.kind()) {
            case STRING -> {
                if (indexes.size() == 3) {
                    throw new GoFunc.Failure("cannot 3-index slice a string");
                }
                cap = item.len();
            }
            case ARRAY, SLICE -> cap = item.len();
            default -> throw new GoFunc.Failure("can't slice item of type " + item.type());
        }
        int[] idx = {0, item.len(), 0};
        for (int i = 0; i < indexes.size(); i++) {
            idx[i] = indexArg(indexes.get(i), cap);
        }
        if (idx[0] > idx[1]) {
            throw new GoFunc.Failure("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (indexes.size() == 3 && idx[1] > idx[2]) {
            throw new GoFunc.Failure("invalid slice index: " + idx[1] + " > " + idx[2]);
        }
        if (item.kind() == Kind.STRING) {
            return Value.of(item.type(), GoStrings.slice(item.str(), idx[0], idx[1]));
        }
        GoType t = item.kind() == Kind.ARRAY ? GoType.sliceOf(item.type().elem()) : item.type();
        return Value.of(t, new ArrayList<>(item.list().subList(idx[0], idx[1])));
    }

    private static Value call(Value fn) {
        fn = Exec.indirectInterface(fn);
        if (!fn.isValid()) {
            throw new GoFunc.Failure("call of nil");
        }
        throw new GoFunc.Failure("non-function of type " + fn.type());
    }

    private enum BasicKind { INVALID, BOOL, COMPLEX, INT, FLOAT, STRING, UINT }

    private static BasicKind basicKind(Value v) {
        if (!v.isValid()) {
            return BasicKind.INVALID;
        }
        Kind k = v.kind();
        if (k == Kind.BOOL) {
            return BasicKind.BOOL;
        }
        if (k.isInt()) {
            return BasicKind.INT;
        }
        if (k.isUint()) {
            return BasicKind.UINT;
        }
        if (k.isFloat()) {
            return BasicKind.FLOAT;
        }
        if (k == Kind.COMPLEX128) {
            return BasicKind.COMPLEX;
        }
        if (k == Kind.STRING) {
            return BasicKind.STRING;
        }
        return BasicKind.INVALID;
    }

    private static boolean isNil(Value v) {
        if (!v.isValid()) {
            return true;
        }
        return switch (v.kind()) {
            case FUNC, INTERFACE, MAP, POINTER, SLICE -> v.isNil();
            default -> false;
        };
    }

    private static boolean comparable(GoType t) {
        return switch (t.kind()) {
            case MAP, SLICE, FUNC -> false;
            case ARRAY -> comparable(t.elem());
            case STRUCT -> t.fields().stream().allMatch(f -> comparable(f.type()));
            default -> true;
        };
    }

    private static boolean eq(Value arg1, List<Value> arg2) {
        arg1 = Exec.indirectInterface(arg1);
        if (arg2.isEmpty()) {
            throw new GoFunc.Failure("missing argument for comparison");
        }
        BasicKind k1 = basicKind(arg1);
        for (Value raw : arg2) {
            Value arg = Exec.indirectInterface(raw);
            BasicKind k2 = basicKind(arg);
            boolean truth = false;
            if (k1 != k2) {
                if (k1 == BasicKind.INT && k2 == BasicKind.UINT) {
                    truth = arg1.longValue() >= 0 && arg1.longValue() == arg.longValue();
                } else if (k1 == BasicKind.UINT && k2 == BasicKind.INT) {
                    truth = arg.longValue() >= 0 && arg1.longValue() == arg.longValue();
                } else if (arg1.isValid() && arg.isValid()) {
                    throw new GoFunc.Failure("incompatible types for comparison: " + arg1.type() + " and " + arg.type());
                }
            } else {
                switch (k1) {
                    case BOOL -> truth = arg1.boolValue() == arg.boolValue();
                    case COMPLEX -> truth = java.util.Arrays.equals((double[]) arg1.data, (double[]) arg.data);
                    case FLOAT -> truth = arg1.doubleValue() == arg.doubleValue();
                    case INT, UINT -> truth = arg1.longValue() == arg.longValue();
                    case STRING -> truth = arg1.str().equals(arg.str());
                    default -> {
                        boolean canCompare = !arg1.isValid() || !arg.isValid() || arg1.kind() == arg.kind();
                        if (!canCompare) {
                            throw new GoFunc.Failure("non-comparable types " + GoFmt.sprint(List.of(arg1)) + ": "
                                    + arg1.type() + ", " + arg.type() + ": " + GoFmt.sprint(List.of(arg)));
                        }
                        if (isNil(arg1) || isNil(arg)) {
                            truth = isNil(arg) == isNil(arg1);
                        } else {
                            if (!comparable(arg.type())) {
                                throw new GoFunc.Failure("non-comparable type " + GoFmt.sprint(List.of(arg)) + ": "
                                        + arg.type());
                            }
                            truth = arg1.type() == arg.type() && deepEqual(arg1, arg);
                        }
                    }
                }
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    private static boolean deepEqual(Value a, Value b) {
        if (a.kind() == Kind.POINTER) {
            return a.data == b.data;
        }
        if (a.kind() == Kind.STRUCT || a.kind() == Kind.ARRAY) {
            return GoFmt.sprint(List.of(a)).equals(GoFmt.sprint(List.of(b)));
        }
        return java.util.Objects.equals(a.data, b.data);
    }

    private static boolean lt(Value arg1, Value arg2) {
        arg1 = Exec.indirectInterface(arg1);
        BasicKind k1 = basicKind(arg1);
        if (k1 == BasicKind.INVALID) {
            throw new GoFunc.Failure("invalid type for comparison");
        }
        arg2 = Exec.indirectInterface(arg2);
        BasicKind k2 = basicKind(arg2);
        if (k2 == BasicKind.INVALID) {
            throw new GoFunc.Failure("invalid type for comparison");
        }
        if (k1 != k2) {
            if (k1 == BasicKind.INT && k2 == BasicKind.UINT) {
                return arg1.longValue() < 0 || Long.compareUnsigned(arg1.longValue(), arg2.longValue()) < 0;
            }
            if (k1 == BasicKind.UINT && k2 == BasicKind.INT) {
                return arg2.longValue() >= 0 && Long.compareUnsigned(arg1.longValue(), arg2.longValue()) < 0;
            }
            throw new GoFunc.Failure("incompatible types for comparison: " + arg1.type() + " and " + arg2.type());
        }
        return switch (k1) {
            case BOOL, COMPLEX -> throw new GoFunc.Failure("invalid type for comparison");
            case FLOAT -> arg1.doubleValue() < arg2.doubleValue();
            case INT -> arg1.longValue() < arg2.longValue();
            case UINT -> Long.compareUnsigned(arg1.longValue(), arg2.longValue()) < 0;
            case STRING -> GoFmt.compareUtf8(arg1.str(), arg2.str()) < 0;
            default -> throw new IllegalStateException("invalid kind");
        };
    }

    /** fmt.Sprint of the arguments, pointers followed as when a template prints them; one string as it is. */
    private static String evalArgs(List<Value> args) {
        if (args.size() == 1 && args.getFirst().isValid() && args.getFirst().kind() == Kind.STRING) {
            return args.getFirst().str();
        }
        List<Value> printed = new ArrayList<>();
        for (Value a : args) {
            Value p = a.isValid() ? Exec.printable(a) : null;
            printed.add(p == null || !p.isValid() ? a : p);
        }
        return GoFmt.sprint(printed);
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\0' -> b.append('\uFFFD');
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String js(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(r -> {
            switch (r) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                default -> {
                    if (r < ' ') {
                        b.append(String.format("\\u%04X", r));
                    } else if (r < 0x80 || GoRunes.printable(r)) {
                        b.appendCodePoint(r);
                    } else {
                        b.append(String.format("\\u%04X", r));
                    }
                }
            }
        });
        return b.toString();
    }

    /** Go's url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX. */
    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return b.toString();
    }
}
