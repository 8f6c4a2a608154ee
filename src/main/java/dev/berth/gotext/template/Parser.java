package dev.berth.gotext.template;

import dev.berth.gotext.template.Lexer.Item;
import dev.berth.gotext.template.Lexer.T;
import dev.berth.gotext.template.Node.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's template parser: turns the lexer's tokens into a tree per template ({@code define}d ones included), with
 * Go's checks (functions exist, variables are declared, break/continue inside range) and its error texts,
 * {@code template: NAME:LINE: message}. Not thread-safe; one parser per parse.
 */
final class Parser {

    private final String name;
    private final String text;
    private final Set<String> funcs;
    private final Map<String, ListNode> treeSet;
    private Lexer lex;
    private final Item[] token = new Item[3];
    private int peekCount;
    private List<String> vars = new ArrayList<>(List.of("$"));
    private int actionLine;
    private int rangeDepth;
    private int stackDepth;
    private ListNode root;

    private Parser(String name, String text, Set<String> funcs, Map<String, ListNode> treeSet) {
        this.name = name;
        this.text = text;
        this.funcs = funcs;
        this.treeSet = treeSet;
    }

    /** Parses {@code text}; the top-level tree and every {@code define} go into {@code treeSet} by name. */
    static void parse(String name, String text, Set<String> funcs, Map<String, ListNode> treeSet) {
        Parser p = new Parser(name, text, funcs, treeSet);
        p.lex = new Lexer(text);
        p.lex.breakOk = !funcs.contains("break");
        p.lex.continueOk = !funcs.contains("continue");
        p.parseTop();
        p.add(name, p.root);
    }

    private void add(String treeName, ListNode tree) {
        ListNode old = treeSet.get(treeName);
        if (old == null || isEmptyTree(old)) {
            treeSet.put(treeName, tree);
            return;
        }
        if (!isEmptyTree(tree)) {
            errorf("template: multiple definition of template " + dev.berth.gotext.GoQuote.quote(treeName));
        }
    }

    static boolean isEmptyTree(Node n) {
        return switch (n) {
            case null -> true;
            case CommentNode c -> true;
            case ListNode l -> l.nodes().stream().allMatch(Parser::isEmptyTree);
            case TextNode t -> t.text().strip().isEmpty();
            default -> false;
        };
    }

    private Item next() {
        if (peekCount > 0) {
            peekCount--;
        } else {
            token[0] = lex.nextItem();
        }
        return token[peekCount];
    }

    private void backup() {
        peekCount++;
    }

    private void backup2(Item t1) {
        token[1] = t1;
        peekCount = 2;
    }

    private void backup3(Item t2, Item t1) {
        token[1] = t1;
        token[2] = t2;
        peekCount = 3;
    }

    private Item peek() {
        if (peekCount > 0) {
            return token[peekCount - 1];
        }
        peekCount = 1;
        token[0] = lex.nextItem();
        return token[0];
    }

    private Item nextNonSpace() {
        Item t;
        do {
            t = next();
        } while (t.type() == T.SPACE);
        return t;
    }

    private Item peekNonSpace() {
        Item t = nextNonSpace();
        backup();
        return t;
    }

    private void errorf(String message) {
        throw new TemplateException.Parse("template: " + name + ":" + token[0].line() + ": " + message);
    }

    private Item expect(T expected, String context) {
        Item t = nextNonSpace();
        if (t.type() != expected) {
            unexpected(t, context);
        }
        return t;
    }

    private void unexpected(Item t, String context) {
        if (t.type() == T.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != t.line()) {
                extra = " in action started at " + name + ":" + actionLine;
                if (t.val().endsWith(" action")) {
                    extra = extra.substring(" in action".length());
                }
            }
            errorf(t + extra);
        }
        errorf("unexpected " + t + " in " + context);
    }

    private void parseTop() {
        root = new ListNode(peek().pos());
        while (peek().type() != T.EOF) {
            if (peek().type() == T.LEFT_DELIM) {
                Item delim = next();
                if (nextNonSpace().type() == T.DEFINE) {
                    parseDefinition();
                    continue;
                }
                backup2(delim);
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) {
                errorf("unexpected " + Node.str(n));
            }
            root.nodes().add(n);
        }
    }

    private void parseDefinition() {
        String context = "define clause";
        Item nameTok = nextNonSpace();
        if (nameTok.type() != T.STRING && nameTok.type() != T.RAW_STRING) {
            unexpected(nameTok, context);
        }
        String defName = unquote(nameTok.val());
        expect(T.RIGHT_DELIM, context);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        ListNode[] list = new ListNode[1];
        Node end = itemList(list);
        if (!(end instanceof EndNode)) {
            errorf("unexpected " + Node.str(end) + " in " + context);
        }
        vars = saved;
        add(defName, list[0]);
    }

    private String unquote(String quoted) {
        try {
            return GoLiterals.unquote(quoted);
        } catch (GoLiterals.SyntaxError e) {
            errorf(e.getMessage());
            return null;
        }
    }

    /** Items up to {@code {{end}}} or {@code {{else}}}, which is returned. */
    private Node itemList(ListNode[] out) {
        ListNode list = new ListNode(peekNonSpace().pos());
        out[0] = list;
        while (peekNonSpace().type() != T.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) {
                return n;
            }
            list.nodes().add(n);
        }
        errorf("unexpected EOF");
        return null;
    }

    private Node textOrAction() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case TEXT:
                return new TextNode(t.pos(), t.val());
            case LEFT_DELIM:
                actionLine = t.line();
                try {
                    return action();
                } finally {
                    actionLine = 0;
                }
            case COMMENT:
                return new CommentNode(t.pos(), t.val());
            default:
                unexpected(t, "input");
                return null;
        }
    }

    private Node action() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case BLOCK:
                return blockControl();
            case BREAK:
                return breakControl(t, "{{break}}");
            case CONTINUE:
                return breakControl(t, "{{continue}}");
            case ELSE:
                return elseControl();
            case END:
                return new EndNode(expect(T.RIGHT_DELIM, "end").pos());
            case IF:
                return control(Branch.IF);
            case RANGE:
                return control(Branch.RANGE);
            case TEMPLATE:
                return templateControl();
            case WITH:
                return control(Branch.WITH);
            default:
                break;
        }
        backup();
        Item p = peek();
        return new ActionNode(p.pos(), p.line(), pipeline("command", T.RIGHT_DELIM));
    }

    private Node breakControl(Item kw, String what) {
        Item t = nextNonSpace();
        if (t.type() != T.RIGHT_DELIM) {
            unexpected(t, what);
        }
        if (rangeDepth == 0) {
            errorf(what + " outside {{range}}");
        }
        return what.equals("{{break}}") ? new BreakNode(kw.pos(), kw.line()) : new ContinueNode(kw.pos(), kw.line());
    }

    private PipeNode pipeline(String context, T end) {
        Item t = peekNonSpace();
        PipeNode pipe = new PipeNode(t.pos(), t.line());
        decls:
        while (true) {
            Item v = peekNonSpace();
            if (v.type() != T.VARIABLE) {
                break;
            }
            next();
            Item afterVariable = peek();
            Item nx = peekNonSpace();
            if (nx.type() == T.ASSIGN || nx.type() == T.DECLARE) {
                pipe.isAssign = nx.type() == T.ASSIGN;
                nextNonSpace();
                pipe.decl.add(new VariableNode(v.pos(), v.val()));
                vars.add(v.val());
            } else if (nx.type() == T.CHAR && nx.val().equals(",")) {
                nextNonSpace();
                pipe.decl.add(new VariableNode(v.pos(), v.val()));
                vars.add(v.val());
                if (context.equals("range") && pipe.decl.size() < 2) {
                    T k = peekNonSpace().type();
                    if (k == T.VARIABLE || k == T.RIGHT_DELIM || k == T.RIGHT_PAREN) {
                        continue decls;
                    }
                    errorf("range can only initialize variables");
                }
                errorf("too many declarations in " + context);
            } else if (afterVariable.type() == T.SPACE) {
                backup3(v, afterVariable);
            } else {
                backup2(v);
            }
            break;
        }
        while (true) {
            Item tok = nextNonSpace();
            if (tok.type() == end) {
                checkPipeline(pipe, context);
                return pipe;
            }
            switch (tok.type()) {
                case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                     LEFT_PAREN -> {
                    backup();
                    pipe.cmds.add(command());
                }
                default -> unexpected(tok, context);
            }
        }
    }

    private void checkPipeline(PipeNode pipe, String context) {
        if (pipe.cmds.isEmpty()) {
            errorf("missing value for " + context);
        }
        for (int i = 1; i < pipe.cmds.size(); i++) {
            Node first = pipe.cmds.get(i).args().getFirst();
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                errorf("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private Node control(Branch kind) {
        String context = kind.name().toLowerCase(java.util.Locale.ROOT);
        int mark = vars.size();
        try {
            PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
            if (kind == Branch.RANGE) {
                rangeDepth++;
            }
            ListNode[] list = new ListNode[1];
            Node next = itemList(list);
            if (kind == Branch.RANGE) {
                rangeDepth--;
            }
            ListNode elseList = null;
            if (next instanceof ElseNode) {
                if (kind == Branch.IF && peek().type() == T.IF) {
                    next();
                    elseList = new ListNode(next.pos());
                    elseList.nodes().add(control(Branch.IF));
                } else if (kind == Branch.WITH && peek().type() == T.WITH) {
                    next();
                    elseList = new ListNode(next.pos());
                    elseList.nodes().add(control(Branch.WITH));
                } else {
                    ListNode[] el = new ListNode[1];
                    next = itemList(el);
                    elseList = el[0];
                    if (!(next instanceof EndNode)) {
                        errorf("expected end; found " + Node.str(next));
                    }
                }
            }
            return new BranchNode(kind, pipe.pos(), pipe.line, pipe, list[0], elseList);
        } finally {
            vars.subList(mark, vars.size()).clear();
        }
    }

    private Node elseControl() {
        Item p = peekNonSpace();
        if (p.type() == T.IF || p.type() == T.WITH) {
            return new ElseNode(p.pos(), p.line());
        }
        Item t = expect(T.RIGHT_DELIM, "else");
        return new ElseNode(t.pos(), t.line());
    }

    private Node blockControl() {
        String context = "block clause";
        Item t = nextNonSpace();
        String blockName = templateName(t, context);
        PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        ListNode[] list = new ListNode[1];
        Node end = itemList(list);
        if (!(end instanceof EndNode)) {
            errorf("unexpected " + Node.str(end) + " in " + context);
        }
        vars = saved;
        add(blockName, list[0]);
        return new TemplateNode(t.pos(), t.line(), blockName, pipe);
    }

    private Node templateControl() {
        String context = "template clause";
        Item t = nextNonSpace();
        String tName = templateName(t, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != T.RIGHT_DELIM) {
            backup();
            pipe = pipeline(context, T.RIGHT_DELIM);
        }
        return new TemplateNode(t.pos(), t.line(), tName, pipe);
    }

    private String templateName(Item t, String context) {
        if (t.type() == T.STRING || t.type() == T.RAW_STRING) {
            return unquote(t.val());
        }
        unexpected(t, context);
        return null;
    }

    private CommandNode command() {
        CommandNode cmd = new CommandNode(peekNonSpace().pos());
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                cmd.args().add(operand);
            }
            Item t = next();
            switch (t.type()) {
                case SPACE:
                    continue;
                case RIGHT_DELIM, RIGHT_PAREN:
                    backup();
                    break;
                case PIPE:
                    break;
                default:
                    unexpected(t, "operand");
            }
            break;
        }
        if (cmd.args().isEmpty()) {
            errorf("empty command");
        }
        return cmd;
    }

    private Node operand() {
        Node node = term();
        if (node == null) {
            return null;
        }
        if (peek().type() == T.FIELD) {
            int chainPos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().type() == T.FIELD) {
                fields.add(next().val().substring(1));
            }
            // Go keeps a field or variable as one node, positioned where the chain began (at the second name).
            switch (node) {
                case FieldNode f -> {
                    List<String> all = new ArrayList<>(f.ident());
                    all.addAll(fields);
                    node = new FieldNode(chainPos, List.copyOf(all));
                }
                case VariableNode v -> {
                    List<String> all = new ArrayList<>(v.ident());
                    all.addAll(fields);
                    node = new VariableNode(chainPos, List.copyOf(all));
                }
                case BoolNode b -> errorf("unexpected . after term " + dev.berth.gotext.GoQuote.quote(Node.str(b)));
                case StringNode s -> errorf("unexpected . after term " + dev.berth.gotext.GoQuote.quote(Node.str(s)));
                case NumberNode n -> errorf("unexpected . after term " + dev.berth.gotext.GoQuote.quote(Node.str(n)));
                case NilNode n -> errorf("unexpected . after term " + dev.berth.gotext.GoQuote.quote(Node.str(n)));
                case DotNode d -> errorf("unexpected . after term " + dev.berth.gotext.GoQuote.quote(Node.str(d)));
                default -> node = new ChainNode(chainPos, node, List.copyOf(fields));
            }
        }
        return node;
    }

    private Node term() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case IDENTIFIER:
                if (!funcs.contains(t.val())) {
                    errorf("function " + dev.berth.gotext.GoQuote.quote(t.val()) + " not defined");
                }
                return new IdentifierNode(t.pos(), t.val());
            case DOT:
                return new DotNode(t.pos());
            case NIL:
                return new NilNode(t.pos());
            case VARIABLE:
                return useVar(t.pos(), t.val());
            case FIELD:
                return new FieldNode(t.pos(), t.val());
            case BOOL:
                return new BoolNode(t.pos(), t.val().equals("true"));
            case CHAR_CONSTANT, COMPLEX, NUMBER:
                return number(t);
            case LEFT_PAREN:
                if (stackDepth >= 10000) {
                    errorf("max expression depth exceeded");
                }
                stackDepth++;
                try {
                    return pipeline("parenthesized pipeline", T.RIGHT_PAREN);
                } finally {
                    stackDepth--;
                }
            case STRING, RAW_STRING:
                return new StringNode(t.pos(), t.val(), unquote(t.val()));
            default:
                backup();
                return null;
        }
    }

    private Node useVar(int pos, String text) {
        VariableNode v = new VariableNode(pos, text);
        if (vars.contains(v.ident().getFirst())) {
            return v;
        }
        errorf("undefined variable " + dev.berth.gotext.GoQuote.quote(v.ident().getFirst()));
        return null;
    }

    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private NumberNode number(Item t) {
        String s = t.val();
        if (t.type() == T.CHAR_CONSTANT) {
            StringBuilder out = new StringBuilder();
            int[] i = {1};
            try {
                GoLiterals.unquoteChar(s, i, '\'', out);
            } catch (GoLiterals.SyntaxError e) {
                errorf(e.getMessage());
            }
            if (!s.substring(i[0]).equals("'")) {
                errorf("malformed character constant: " + s);
            }
            long r = out.codePointAt(0);
            return new NumberNode(t.pos(), s, true, true, true, false, r, r, r, null);
        }
        if (t.type() == T.COMPLEX) {
            return complex(t, s);
        }
        if (s.endsWith("i")) {
            Double f = GoLiterals.parseFloat(s.substring(0, s.length() - 1));
            if (f != null) {
                return simplifyComplex(t, s, 0, f);
            }
        }
        boolean isUint = false;
        boolean isInt = false;
        boolean isFloat = false;
        long u = 0;
        long i = 0;
        double f = 0;
        BigInteger bu = GoLiterals.parseUnsigned(s);
        if (bu != null && bu.compareTo(MAX_U64) <= 0) {
            isUint = true;
            u = bu.longValue();
        }
        BigInteger bi = GoLiterals.parseSigned(s);
        if (bi != null && bi.bitLength() < 64) {
            isInt = true;
            i = bi.longValue();
            if (i == 0) {
                isUint = true;
                u = 0;
            }
        }
        if (isInt) {
            isFloat = true;
            f = i;
        } else if (isUint) {
            isFloat = true;
            f = new BigInteger(Long.toUnsignedString(u)).doubleValue();
        } else {
            Double pf = GoLiterals.parseFloat(s);
            if (pf != null) {
                if (!s.matches(".*[.eEpP].*")) {
                    errorf("integer overflow: " + dev.berth.gotext.GoQuote.quote(s));
                }
                isFloat = true;
                f = pf;
                if (f == Math.rint(f) && f >= -0x1p63 && f < 0x1p63) {
                    isInt = true;
                    i = (long) f;
                }
                if (f == Math.rint(f) && f >= 0 && f < 0x1p64) {
                    isUint = true;
                    u = new java.math.BigDecimal(f).toBigInteger().longValue();
                }
            }
        }
        if (!isInt && !isUint && !isFloat) {
            errorf("illegal number syntax: " + dev.berth.gotext.GoQuote.quote(s));
        }
        return new NumberNode(t.pos(), s, isInt, isUint, isFloat, false, i, u, f, null);
    }

    private NumberNode complex(Item t, String s) {
        // re+imi or re-imi: split at the sign that starts the imaginary part.
        int split = -1;
        for (int k = s.length() - 2; k > 0; k--) {
            char c = s.charAt(k);
            char before = Character.toLowerCase(s.charAt(k - 1));
            if ((c == '+' || c == '-') && before != 'e' && before != 'p') {
                split = k;
                break;
            }
        }
        Double re = split < 0 ? null : GoLiterals.parseFloat(s.substring(0, split));
        Double im = split < 0 ? null : GoLiterals.parseFloat(s.substring(split, s.length() - 1));
        if (re == null || im == null) {
            errorf("expected integer");
        }
        return simplifyComplex(t, s, re, im);
    }

    private NumberNode simplifyComplex(Item t, String s, double re, double im) {
        boolean isFloat = im == 0;
        boolean isInt = isFloat && re == Math.rint(re) && Math.abs(re) < 0x1p63;
        boolean isUint = isFloat && re == Math.rint(re) && re >= 0 && re < 0x1p64;
        return new NumberNode(t.pos(), s, isInt, isUint, isFloat, true, isInt ? (long) re : 0,
                isUint ? new java.math.BigDecimal(re).toBigInteger().longValue() : 0, isFloat ? re : 0,
                new double[] {re, im});
    }
}
