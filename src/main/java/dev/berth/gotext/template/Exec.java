package dev.berth.gotext.template;

import dev.berth.gotext.GoQuote;
import dev.berth.gotext.template.GoType.Kind;
import dev.berth.gotext.template.Node.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One execution of a template, with Go's semantics: dot and variables, field and method lookup, function calls
 * with Go's argument checks, if/with/range, and Go's execution errors
 * ({@code template: NAME:LINE:COL: executing "NAME" at <NODE>: ...}). Not thread-safe; one per execution.
 */
final class Exec {

    /** Sentinel for "no value piped in" (Go's missingVal). */
    private static final Value MISSING = new Value(GoType.struct("template.missingValType").freeze(), null, false);

    private static final class Break extends RuntimeException {
        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        Continue() {
            super(null, null, false, false);
        }
    }

    private record Var(String name, Value value) {
    }

    private final Template tmpl;
    private final String name;
    private final Map<String, GoFunc> funcs;
    private final StringBuilder out;
    private Node node;
    private final List<Var> vars = new ArrayList<>();
    private int depth;

    Exec(Template tmpl, String name, Map<String, GoFunc> funcs, StringBuilder out) {
        this.tmpl = tmpl;
        this.name = name;
        this.funcs = funcs;
        this.out = out;
    }

    void run(Value data, ListNode root) {
        vars.add(new Var("$", data));
        if (root == null) {
            errorf(GoQuote.quote(name) + " is an incomplete or empty template");
        }
        walk(data, root);
    }

    private RuntimeException errorf(String message) {
        if (node == null) {
            throw new TemplateException.Exec("template: " + name + ": " + message);
        }
        String text = tmpl.text();
        int pos = node.pos();
        String before = text.substring(0, Math.min(pos, text.length()));
        int nl = before.lastIndexOf('\n');
        int col = nl < 0 ? GoStrings.utf8Length(before) : GoStrings.utf8Length(before.substring(nl + 1));
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        throw new TemplateException.Exec("template: " + tmpl.name() + ":" + line + ":" + col + ": executing "
                + GoQuote.quote(name) + " at <" + Node.str(node) + ">: " + message);
    }

    private void at(Node n) {
        node = n;
    }

    private int mark() {
        return vars.size();
    }

    private void pop(int mark) {
        vars.subList(mark, vars.size()).clear();
    }

    private void setVar(String n, Value v) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(n)) {
                vars.set(i, new Var(n, v));
                return;
            }
        }
        throw errorf("undefined variable: " + n);
    }

    private void setTopVar(int n, Value v) {
        int i = vars.size() - n;
        vars.set(i, new Var(vars.get(i).name(), v));
    }

    private Value varValue(String n) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(n)) {
                return vars.get(i).value();
            }
        }
        throw errorf("undefined variable: " + n);
    }

    private void walk(Value dot, Node n) {
        at(n);
        switch (n) {
            case ActionNode a -> {
                Value val = evalPipeline(dot, a.pipe());
                if (a.pipe().decl.isEmpty()) {
                    printValue(a, val);
                }
            }
            case BreakNode b -> throw new Break();
            case ContinueNode c -> throw new Continue();
            case CommentNode c -> { }
            case BranchNode b when b.kind() == Branch.RANGE -> walkRange(dot, b);
            case BranchNode b -> walkIfOrWith(b, dot);
            case ListNode l -> l.nodes().forEach(x -> walk(dot, x));
            case TemplateNode t -> walkTemplate(dot, t);
            case TextNode t -> out.append(t.text());
            default -> throw errorf("unknown node: " + Node.str(n));
        }
    }

    private void walkIfOrWith(BranchNode b, Value dot) {
        int m = mark();
        try {
            Value val = evalPipeline(dot, b.pipe());
            Boolean truth = isTrue(indirectInterface(val));
            if (truth == null) {
                throw errorf("if/with can't use " + GoFmt.sprint(List.of(val)));
            }
            if (truth) {
                walk(b.kind() == Branch.WITH ? val : dot, b.list());
            } else if (b.elseList() != null) {
                walk(dot, b.elseList());
            }
        } finally {
            pop(m);
        }
    }

    /** Go's truth: non-zero numbers, non-empty strings and collections, non-nil pointers; null when undefined. */
    static Boolean isTrue(Value v) {
        if (!v.isValid()) {
            return false;
        }
        return switch (v.kind()) {
            case ARRAY, MAP, SLICE, STRING -> v.len() > 0;
            case BOOL -> v.boolValue();
            case COMPLEX128 -> ((double[]) v.data)[0] != 0 || ((double[]) v.data)[1] != 0;
            case FUNC, POINTER, INTERFACE -> !v.isNil();
            case FLOAT32, FLOAT64 -> v.doubleValue() != 0;
            case STRUCT -> true;
            default -> v.longValue() != 0;
        };
    }

    private void walkRange(Value dot, BranchNode r) {
        at(r);
        int outer = mark();
        try {
            Value val = indirect(evalPipeline(dot, r.pipe()))[0];
            int m = mark();
            boolean ran = false;
            switch (val.isValid() ? val.kind() : Kind.INTERFACE) {
                case INT, INT8, INT16, INT32, INT64, UINT, UINT8, UINT16, UINT32, UINT64, UINTPTR -> {
                    if (r.pipe().decl.size() > 1) {
                        throw errorf("can't use " + GoFmt.sprint(List.of(val)) + " to iterate over more than one variable");
                    }
                    long n = val.longValue();
                    for (long i = 0; i < n; i++) {
                        ran = true;
                        if (!oneIteration(r, m, Value.INVALID, Value.of(val.type(), i))) {
                            break;
                        }
                    }
                }
                case ARRAY, SLICE -> {
                    List<Value> l = val.list();
                    for (int i = 0; i < l.size(); i++) {
                        ran = true;
                        if (!oneIteration(r, m, Value.ofInt(i), l.get(i).addressable())) {
                            break;
                        }
                    }
                }
                case MAP -> {
                    for (Map.Entry<Object, Value> e : GoFmt.sortedEntries(val)) {
                        ran = true;
                        if (!oneIteration(r, m, GoFmt.keyValue(val.type().key(), e.getKey()), e.getValue())) {
                            break;
                        }
                    }
                }
                case INTERFACE -> {
                    if (val.isValid()) {
                        throw errorf("range can't iterate over " + GoFmt.sprint(List.of(val)));
                    }
                }
                default -> throw errorf("range can't iterate over " + GoFmt.sprint(List.of(val)));
            }
            if (!ran && r.elseList() != null) {
                walk(dot, r.elseList());
            }
        } finally {
            pop(outer);
        }
    }

    /** One pass of a range body; false when it hit {@code {{break}}}. */
    private boolean oneIteration(BranchNode r, int m, Value index, Value elem) {
        PipeNode p = r.pipe();
        if (!p.decl.isEmpty()) {
            if (p.isAssign) {
                setVar(p.decl.getFirst().ident().getFirst(), p.decl.size() > 1 ? index : elem);
            } else {
                setTopVar(1, elem);
            }
        }
        if (p.decl.size() > 1) {
            if (p.isAssign) {
                setVar(p.decl.get(1).ident().getFirst(), elem);
            } else {
                setTopVar(2, index);
            }
        }
        try {
            walk(elem, r.list());
        } catch (Continue c) {
            // next element
        } catch (Break b) {
            return false;
        } finally {
            pop(m);
        }
        return true;
    }

    private void walkTemplate(Value dot, TemplateNode t) {
        at(t);
        ListNode tree = tmpl.tree(t.name());
        if (tree == null) {
            throw errorf("template " + GoQuote.quote(t.name()) + " not defined");
        }
        if (depth >= 100000) {
            throw errorf("exceeded maximum template depth (100000)");
        }
        Value newDot = evalPipeline(dot, t.pipe());
        Exec sub = new Exec(tmpl, t.name(), funcs, out);
        sub.depth = depth + 1;
        sub.vars.add(new Var("$", newDot));
        sub.walk(newDot, tree);
    }

    private Value evalPipeline(Value dot, PipeNode pipe) {
        if (pipe == null) {
            return Value.INVALID;
        }
        at(pipe);
        Value value = MISSING;
        for (CommandNode cmd : pipe.cmds) {
            value = evalCommand(dot, cmd, value);
            if (value.isValid() && value.type().isEmptyInterface()) {
                value = value.elem();
            }
        }
        for (VariableNode v : pipe.decl) {
            if (pipe.isAssign) {
                setVar(v.ident().getFirst(), value);
            } else {
                vars.add(new Var(v.ident().getFirst(), value));
            }
        }
        return value;
    }

    private void notAFunction(List<Node> args, Value fin) {
        if (args.size() > 1 || fin != MISSING) {
            throw errorf("can't give argument to non-function " + Node.str(args.getFirst()));
        }
    }

    private Value evalCommand(Value dot, CommandNode cmd, Value fin) {
        Node first = cmd.args().getFirst();
        switch (first) {
            case FieldNode f -> {
                return evalFieldNode(dot, f, cmd.args(), fin);
            }
            case ChainNode c -> {
                return evalChainNode(dot, c, cmd.args(), fin);
            }
            case IdentifierNode i -> {
                return evalFunction(dot, i, cmd, cmd.args(), fin);
            }
            case PipeNode p -> {
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            }
            case VariableNode v -> {
                return evalVariableNode(dot, v, cmd.args(), fin);
            }
            default -> { }
        }
        at(first);
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> Value.ofBool(b.value());
            case DotNode d -> dot;
            case NilNode n -> throw errorf("nil is not a command");
            case NumberNode n -> idealConstant(n);
            case StringNode s -> Value.of(s.text());
            default -> throw errorf("can't evaluate command " + GoQuote.quote(Node.str(first)));
        };
    }

    private Value idealConstant(NumberNode c) {
        at(c);
        if (c.isComplex()) {
            return Value.of(GoType.COMPLEX128, c.complex());
        }
        String t = c.text();
        boolean hexInt = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')
                && t.indexOf('p') < 0 && t.indexOf('P') < 0;
        boolean runeInt = !t.isEmpty() && t.charAt(0) == '\'';
        if (c.isFloat() && !hexInt && !runeInt && t.matches(".*[.eEpP].*")) {
            return Value.of(GoType.FLOAT64, c.float64());
        }
        if (c.isInt()) {
            return Value.ofInt(c.int64());
        }
        if (c.isUint()) {
            throw errorf(t + " overflows int");
        }
        return Value.INVALID;
    }

    private Value evalFieldNode(Value dot, FieldNode f, List<Node> args, Value fin) {
        at(f);
        return evalFieldChain(dot, dot, f, f.ident(), args, fin);
    }

    private Value evalChainNode(Value dot, ChainNode c, List<Node> args, Value fin) {
        at(c);
        if (c.node() instanceof NilNode) {
            throw errorf("indirection through explicit nil in " + Node.str(c));
        }
        Value pipe = evalArg(dot, null, c.node());
        return evalFieldChain(dot, pipe, c, c.field(), args, fin);
    }

    private Value evalVariableNode(Value dot, VariableNode v, List<Node> args, Value fin) {
        at(v);
        Value value = varValue(v.ident().getFirst());
        if (v.ident().size() == 1) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
    }

    private Value evalFieldChain(Value dot, Value receiver, Node n, List<String> ident, List<Node> args, Value fin) {
        int last = ident.size() - 1;
        for (int i = 0; i < last; i++) {
            receiver = evalField(dot, ident.get(i), n, null, MISSING, receiver);
        }
        return evalField(dot, ident.get(last), n, args, fin, receiver);
    }

    private Value evalFunction(Value dot, IdentifierNode id, Node cmd, List<Node> args, Value fin) {
        at(id);
        GoFunc fn = funcs.get(id.ident());
        boolean builtin = false;
        if (fn == null) {
            fn = Builtins.FUNCS.get(id.ident());
            builtin = fn != null;
        }
        if (fn == null) {
            throw errorf(GoQuote.quote(id.ident()) + " is not a defined function");
        }
        return evalCall(dot, fn, builtin, cmd, id.ident(), args, fin);
    }

    /** The values indirected through pointers and interfaces, and whether a nil stopped that ([1] is TRUE). */
    static Value[] indirect(Value v) {
        while (v.isValid() && (v.kind() == Kind.POINTER || v.kind() == Kind.INTERFACE)) {
            if (v.isNil()) {
                return new Value[] {v, Value.ofBool(true)};
            }
            v = v.elem();
        }
        return new Value[] {v, Value.ofBool(false)};
    }

    static Value indirectInterface(Value v) {
        if (!v.isValid() || v.kind() != Kind.INTERFACE) {
            return v;
        }
        return v.isNil() ? Value.INVALID : v.elem();
    }

    private Value evalField(Value dot, String fieldName, Node n, List<Node> args, Value fin, Value receiver) {
        if (!receiver.isValid()) {
            if (tmpl.missingKeyError()) {
                throw errorf("nil data; no entry for key " + GoQuote.quote(fieldName));
            }
            return Value.INVALID;
        }
        GoType typ = receiver.type();
        Value[] ind = indirect(receiver);
        receiver = ind[0];
        boolean isNil = ind[1].boolValue();
        if (receiver.kind() == Kind.INTERFACE && isNil) {
            throw errorf("nil pointer evaluating " + typ + "." + fieldName);
        }
        GoType.Method method = methodByName(receiver, fieldName);
        if (method != null) {
            Value recv = receiver;
            GoFunc bound = new GoFunc(fieldName, method.params(), false, method.result(),
                    a -> method.impl().apply(recv, a));
            return evalCall(dot, bound, false, n, fieldName, args, fin);
        }
        boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
        switch (receiver.kind()) {
            case STRUCT -> {
                int[] path = receiver.type().fieldPath(fieldName);
                if (path != null) {
                    GoType.Field fd = fieldAt(receiver.type(), path);
                    if (!fd.exported()) {
                        throw errorf(fieldName + " is an unexported field of struct type " + typ);
                    }
                    Value field = receiver;
                    for (int i = 0; i < path.length; i++) {
                        if (field.kind() == Kind.POINTER) {
                            if (field.isNil()) {
                                throw errorf("reflect: indirection through nil pointer to embedded struct field "
                                        + fieldAt(receiver.type(), java.util.Arrays.copyOf(path, i)).name());
                            }
                            field = field.elem();
                        }
                        field = field.field(path[i]);
                    }
                    if (hasArgs) {
                        throw errorf(fieldName + " has arguments but cannot be invoked as function");
                    }
                    return field;
                }
            }
            case MAP -> {
                if (GoType.STRING.assignableTo(receiver.type().key())) {
                    if (hasArgs) {
                        throw errorf(fieldName + " is not a method but has arguments");
                    }
                    Value result = receiver.map().get(fieldName);
                    if (result == null) {
                        if (tmpl.missingKeyError()) {
                            throw errorf("map has no entry for key " + GoQuote.quote(fieldName));
                        }
                        return tmpl.missingKeyZero() ? Value.zero(receiver.type().elem()) : Value.INVALID;
                    }
                    return result;
                }
            }
            case POINTER -> {
                GoType et = receiver.type().elem();
                if (et.kind() == Kind.STRUCT && et.fieldPath(fieldName) == null) {
                    break;
                }
                if (isNil) {
                    throw errorf("nil pointer evaluating " + typ + "." + fieldName);
                }
            }
            default -> { }
        }
        throw errorf("can't evaluate field " + fieldName + " in type " + typ);
    }

    private static GoType.Field fieldAt(GoType t, int[] path) {
        GoType cur = t;
        GoType.Field f = null;
        for (int i : path) {
            if (cur.kind() == Kind.POINTER) {
                cur = cur.elem();
            }
            f = cur.fields().get(i);
            cur = f.type();
        }
        return f;
    }

    /** The method set: a pointer (or an addressable value) has all methods, a value those with value receivers. */
    private static GoType.Method methodByName(Value v, String name) {
        if (v.kind() == Kind.POINTER) {
            return v.type().elem().methodNamed(name);
        }
        GoType.Method m = v.type().methodNamed(name);
        if (m != null && m.pointerReceiver() && !v.addressable) {
            return null;
        }
        return m;
    }

    private Value evalCall(Value dot, GoFunc fn, boolean builtin, Node n, String fname, List<Node> args, Value fin) {
        List<Node> a = args == null ? List.of() : args.subList(1, args.size());
        int numIn = a.size() + (fin != MISSING ? 1 : 0);
        int numFixed = a.size();
        List<GoType> params = fn.params();
        if (fn.variadic()) {
            numFixed = params.size() - 1;
            if (numIn < numFixed) {
                throw errorf("wrong number of args for " + fname + ": want at least " + (params.size() - 1) + " got "
                        + a.size());
            }
        } else if (numIn != params.size()) {
            throw errorf("wrong number of args for " + fname + ": want " + params.size() + " got " + numIn);
        }
        if (builtin && (fname.equals("and") || fname.equals("or"))) {
            Value v = Value.INVALID;
            for (Node arg : a) {
                v = evalArg(dot, GoType.REFLECT_VALUE, arg);
                if (Builtins.truth(v) == fname.equals("or")) {
                    return v;
                }
            }
            if (fin != MISSING) {
                v = validateType(fin, GoType.REFLECT_VALUE);
            }
            return v;
        }
        List<Value> argv = new ArrayList<>(numIn);
        int i = 0;
        for (; i < numFixed && i < a.size(); i++) {
            argv.add(evalArg(dot, params.get(i), a.get(i)));
        }
        if (fn.variadic()) {
            GoType t = params.getLast();
            for (; i < a.size(); i++) {
                argv.add(evalArg(dot, t, a.get(i)));
            }
        }
        if (fin != MISSING) {
            GoType t = params.getLast();
            if (fn.variadic() && numIn - 1 < numFixed) {
                t = params.get(numIn - 1);
            }
            argv.add(validateType(fin, t));
        }
        Value result;
        try {
            result = fn.impl().call(argv);
        } catch (GoFunc.Failure f) {
            at(n);
            throw errorf("error calling " + fname + ": " + f.getMessage());
        }
        return result;
    }

    private static boolean canBeNil(GoType t) {
        return switch (t.kind()) {
            case FUNC, INTERFACE, MAP, POINTER, SLICE -> true;
            case STRUCT -> t == GoType.REFLECT_VALUE;
            default -> false;
        };
    }

    private Value validateType(Value value, GoType typ) {
        if (!value.isValid()) {
            if (typ == null) {
                return Value.INVALID;
            }
            if (typ == GoType.REFLECT_VALUE) {
                return Value.INVALID;
            }
            if (canBeNil(typ)) {
                return Value.zero(typ);
            }
            throw errorf("invalid value; expected " + typ);
        }
        if (typ == GoType.REFLECT_VALUE || typ == null) {
            return value;
        }
        if (!value.type().assignableTo(typ)) {
            if (value.kind() == Kind.INTERFACE && !value.isNil()) {
                value = value.elem();
                if (value.type().assignableTo(typ)) {
                    return value;
                }
            }
            if (value.kind() == Kind.POINTER && value.type().elem().assignableTo(typ)) {
                value = value.elem();
                if (!value.isValid()) {
                    throw errorf("dereference of nil pointer of type " + typ);
                }
            } else if (value.addressable && GoType.pointerTo(value.type()).assignableTo(typ)) {
                value = Value.pointer(GoType.pointerTo(value.type()), value);
            } else {
                throw errorf("wrong type for value; expected " + typ + "; got " + value.type());
            }
        }
        return value;
    }

    private Value evalArg(Value dot, GoType typ, Node n) {
        at(n);
        switch (n) {
            case DotNode d -> {
                return validateType(dot, typ);
            }
            case NilNode x -> {
                if (typ != null && canBeNil(typ)) {
                    return typ == GoType.REFLECT_VALUE ? Value.INVALID : Value.zero(typ);
                }
                throw errorf("cannot assign nil to " + typ);
            }
            case FieldNode f -> {
                return validateType(evalFieldNode(dot, f, List.of(n), MISSING), typ);
            }
            case VariableNode v -> {
                return validateType(evalVariableNode(dot, v, null, MISSING), typ);
            }
            case PipeNode p -> {
                return validateType(evalPipeline(dot, p), typ);
            }
            case IdentifierNode i -> {
                return validateType(evalFunction(dot, i, i, null, MISSING), typ);
            }
            case ChainNode c -> {
                return validateType(evalChainNode(dot, c, null, MISSING), typ);
            }
            default -> { }
        }
        if (typ == null) {
            throw errorf("can't handle " + Node.str(n) + " for arg of type <nil>");
        }
        if (typ == GoType.REFLECT_VALUE || typ.isEmptyInterface()) {
            return evalEmptyInterface(dot, n);
        }
        Kind k = typ.kind();
        if (k == Kind.BOOL) {
            if (n instanceof BoolNode b) {
                return Value.of(typ, b.value());
            }
            throw errorf("expected bool; found " + Node.str(n));
        }
        if (k == Kind.STRING) {
            if (n instanceof StringNode s) {
                return Value.of(typ, s.text());
            }
            throw errorf("expected string; found " + Node.str(n));
        }
        if (k.isInt()) {
            if (n instanceof NumberNode num && num.isInt()) {
                return Value.of(typ, num.int64());
            }
            throw errorf("expected integer; found " + Node.str(n));
        }
        if (k.isUint()) {
            if (n instanceof NumberNode num && num.isUint()) {
                return Value.of(typ, num.uint64());
            }
            throw errorf("expected unsigned integer; found " + Node.str(n));
        }
        if (k.isFloat()) {
            if (n instanceof NumberNode num && num.isFloat()) {
                return Value.of(typ, num.float64());
            }
            throw errorf("expected float; found " + Node.str(n));
        }
        if (k == Kind.COMPLEX128) {
            if (n instanceof NumberNode num && num.isComplex()) {
                return Value.of(typ, num.complex());
            }
            throw errorf("expected complex; found " + Node.str(n));
        }
        throw errorf("can't handle " + Node.str(n) + " for arg of type " + typ);
    }

    private Value evalEmptyInterface(Value dot, Node n) {
        at(n);
        return switch (n) {
            case BoolNode b -> Value.ofBool(b.value());
            case DotNode d -> dot;
            case FieldNode f -> evalFieldNode(dot, f, null, MISSING);
            case IdentifierNode i -> evalFunction(dot, i, i, null, MISSING);
            case NumberNode num -> idealConstant(num);
            case StringNode s -> Value.of(s.text());
            case VariableNode v -> evalVariableNode(dot, v, null, MISSING);
            case PipeNode p -> evalPipeline(dot, p);
            default -> throw errorf("can't handle assignment of " + Node.str(n) + " to empty interface argument");
        };
    }

    private void printValue(Node n, Value v) {
        at(n);
        Value p = printable(v);
        if (p == null) {
            throw errorf("can't print " + Node.str(n) + " of type " + v.type());
        }
        out.append(p.isValid() ? GoFmt.sprint(List.of(p)) : "<no value>");
    }

    /** The value fmt gets to print (pointers followed), INVALID for "no value", null when it cannot print. */
    static Value printable(Value v) {
        if (v.isValid() && v.kind() == Kind.POINTER) {
            v = indirect(v)[0];
        }
        if (!v.isValid()) {
            return Value.INVALID;
        }
        if (v.kind() == Kind.FUNC && v.type().stringer() == null) {
            return null;
        }
        return v;
    }
}
