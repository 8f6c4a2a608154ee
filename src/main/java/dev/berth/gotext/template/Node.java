package dev.berth.gotext.template;

import dev.berth.gotext.GoQuote;

import java.util.ArrayList;
import java.util.List;

/**
 * The parse tree of a template. Each node knows its position (a char index into the template text) and prints as
 * Go's {@code parse} package prints it, which execution errors quote ({@code executing "" at <.Foo>}).
 */
sealed interface Node {

    int pos();

    void writeTo(StringBuilder b);

    static String str(Node n) {
        StringBuilder b = new StringBuilder();
        n.writeTo(b);
        return b.toString();
    }

    record ListNode(int pos, List<Node> nodes) implements Node {
        ListNode(int pos) {
            this(pos, new ArrayList<>());
        }

        @Override
        public void writeTo(StringBuilder b) {
            nodes.forEach(n -> n.writeTo(b));
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append(text);
        }
    }

    record CommentNode(int pos, String text) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{").append(text).append("}}");
        }
    }

    final class PipeNode implements Node {
        final int pos;
        final int line;
        boolean isAssign;
        final List<VariableNode> decl = new ArrayList<>();
        final List<CommandNode> cmds = new ArrayList<>();

        PipeNode(int pos, int line) {
            this.pos = pos;
            this.line = line;
        }

        @Override
        public int pos() {
            return pos;
        }

        @Override
        public void writeTo(StringBuilder b) {
            if (!decl.isEmpty()) {
                for (int i = 0; i < decl.size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    decl.get(i).writeTo(b);
                }
                b.append(" := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) {
                    b.append(" | ");
                }
                cmds.get(i).writeTo(b);
            }
        }

        @Override
        public String toString() {
            return Node.str(this);
        }
    }

    record ActionNode(int pos, int line, PipeNode pipe) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{");
            pipe.writeTo(b);
            b.append("}}");
        }
    }

    record CommandNode(int pos, List<Node> args) implements Node {
        CommandNode(int pos) {
            this(pos, new ArrayList<>());
        }

        @Override
        public void writeTo(StringBuilder b) {
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                Node a = args.get(i);
                if (a instanceof PipeNode) {
                    b.append('(');
                    a.writeTo(b);
                    b.append(')');
                } else {
                    a.writeTo(b);
                }
            }
        }
    }

    record IdentifierNode(int pos, String ident) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append(ident);
        }
    }

    /** {@code $x.F.G}: the variable name (with its $) then the fields. */
    record VariableNode(int pos, List<String> ident) implements Node {
        VariableNode(int pos, String text) {
            this(pos, List.of(text.split("\\.", -1)));
        }

        @Override
        public void writeTo(StringBuilder b) {
            b.append(String.join(".", ident));
        }
    }

    record DotNode(int pos) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append('.');
        }
    }

    record NilNode(int pos) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("nil");
        }
    }

    /** {@code .A.B}: the names without their dots. */
    record FieldNode(int pos, List<String> ident) implements Node {
        FieldNode(int pos, String text) {
            this(pos, List.of(text.substring(1).split("\\.", -1)));
        }

        @Override
        public void writeTo(StringBuilder b) {
            ident.forEach(i -> b.append('.').append(i));
        }
    }

    /** {@code (pipeline).A.B} or {@code fn.A}: a term followed by fields. */
    record ChainNode(int pos, Node node, List<String> field) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            if (node instanceof PipeNode) {
                b.append('(');
                node.writeTo(b);
                b.append(')');
            } else {
                node.writeTo(b);
            }
            field.forEach(f -> b.append('.').append(f));
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append(value);
        }
    }

    /** A numeric constant, parsed into every type that can hold it, as Go's ideal constants. */
    record NumberNode(int pos, String text, boolean isInt, boolean isUint, boolean isFloat, boolean isComplex,
                      long int64, long uint64, double float64, double[] complex) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append(text);
        }
    }

    record StringNode(int pos, String quoted, String text) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append(quoted);
        }
    }

    enum Branch { IF, RANGE, WITH }

    record BranchNode(Branch kind, int pos, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{").append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
            pipe.writeTo(b);
            b.append("}}");
            list.writeTo(b);
            if (elseList != null) {
                b.append("{{else}}");
                elseList.writeTo(b);
            }
            b.append("{{end}}");
        }
    }

    record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{template ").append(GoQuote.quote(name));
            if (pipe != null) {
                b.append(' ');
                pipe.writeTo(b);
            }
            b.append("}}");
        }
    }

    record BreakNode(int pos, int line) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{break}}");
        }
    }

    record ContinueNode(int pos, int line) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{continue}}");
        }
    }

    record EndNode(int pos) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{end}}");
        }
    }

    record ElseNode(int pos, int line) implements Node {
        @Override
        public void writeTo(StringBuilder b) {
            b.append("{{else}}");
        }
    }
}
