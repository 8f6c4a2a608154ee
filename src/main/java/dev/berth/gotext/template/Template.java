package dev.berth.gotext.template;

import dev.berth.gotext.template.Node.ListNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Go text/template: parse once, execute per value. The functions given at parse time are the ones a
 * template may name; {@link #withFuncs} swaps their bodies for execution, as Go's {@code Funcs} after
 * {@code Parse} does. Immutable and thread-safe; each execution has its own state.
 */
public final class Template {

    /** What a missing map key gives: Go's {@code missingkey=default}, {@code zero} or {@code error}. */
    public enum MissingKey { DEFAULT, ZERO, ERROR }

    private final String name;
    private final String text;
    private final Map<String, ListNode> trees;
    private final Map<String, GoFunc> funcs;
    private final MissingKey missingKey;

    private Template(String name, String text, Map<String, ListNode> trees, Map<String, GoFunc> funcs,
                     MissingKey missingKey) {
        this.name = name;
        this.text = text;
        this.trees = trees;
        this.funcs = funcs;
        this.missingKey = missingKey;
    }

    /**
     * Parses {@code text} as template {@code name} with Go's builtins and {@code funcs}.
     *
     * @throws TemplateException.Parse with Go's message, e.g. {@code template: :1: unclosed action}
     */
    public static Template parse(String name, String text, Map<String, GoFunc> funcs) {
        Set<String> names = new HashSet<>(Builtins.FUNCS.keySet());
        names.addAll(funcs.keySet());
        Map<String, ListNode> trees = new HashMap<>();
        Parser.parse(name, text, names, trees);
        return new Template(name, text, Map.copyOf(trees), Map.copyOf(funcs), MissingKey.DEFAULT);
    }

    /** The same template executing with other bodies for (some of) its functions. */
    public Template withFuncs(Map<String, GoFunc> replacements) {
        Map<String, GoFunc> f = new HashMap<>(funcs);
        f.putAll(replacements);
        return new Template(name, text, trees, Map.copyOf(f), missingKey);
    }

    public Template withMissingKey(MissingKey option) {
        return new Template(name, text, trees, funcs, option);
    }

    /**
     * Runs the template over {@code data}, appending to {@code out}; on an error what was written stays.
     *
     * @throws TemplateException.Exec with Go's message
     */
    public void execute(StringBuilder out, Value data) {
        new Exec(this, name, funcs, out).run(data, trees.get(name));
    }

    /** Runs the template and returns what it wrote. */
    public String execute(Value data) {
        StringBuilder b = new StringBuilder();
        execute(b, data);
        return b.toString();
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    ListNode tree(String treeName) {
        return trees.get(treeName);
    }

    boolean missingKeyError() {
        return missingKey == MissingKey.ERROR;
    }

    boolean missingKeyZero() {
        return missingKey == MissingKey.ZERO;
    }
}
