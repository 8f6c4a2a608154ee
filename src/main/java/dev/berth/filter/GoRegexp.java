package dev.berth.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A regular expression with Go's {@code regexp} semantics (RE2 syntax: {@code (?P<name>..)}, {@code [[:alpha:]]},
 * {@code \pL}, flags such as {@code (?i)}; no backreferences or lookaround), matched in time linear in the input,
 * through RE2J. Compiling also applies {@link RegexpBudget}'s bounds. Immutable and thread-safe.
 */
public final class GoRegexp {

    private final String expr;
    private final Pattern pattern;

    private GoRegexp(String expr, Pattern pattern) {
        this.expr = expr;
        this.pattern = pattern;
    }

    /** Go's {@code regexp.Compile}; a rejected expression is a {@link SyntaxException} with Go's message. */
    public static GoRegexp compile(String expr) {
        String[] rejected = RegexpBudget.check(expr);
        if (rejected != null) {
            throw new SyntaxException(rejected[0], rejected[1]);
        }
        try {
            return new GoRegexp(expr, Pattern.compile(expr));
        } catch (PatternSyntaxException e) {
            if ("stack underflow".equals(e.getPattern())) {
                // RE2J reports an unopened ')' as an internal error; Go's code for it is ErrUnexpectedParen
                throw new SyntaxException("unexpected )", expr);
            }
            throw new SyntaxException(e.getDescription(), e.getPattern());
        }
    }

    /** Go's {@code MatchString}: whether the expression matches anywhere in {@code s}. */
    public boolean find(String s) {
        return pattern.matcher(s).find();
    }

    @Override
    public String toString() {
        return expr;
    }

    /** Go's {@code *syntax.Error}: {@code error parsing regexp: <code>: `<expr>`}. */
    public static final class SyntaxException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String code;

        SyntaxException(String code, String expr) {
            super("error parsing regexp: " + code + ": `" + expr + "`");
            this.code = code;
        }

        /** Go's {@code ErrorCode} text, such as {@code missing closing )}. */
        public String code() {
            return code;
        }
    }
}
