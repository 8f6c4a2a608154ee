package dev.berth.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Docker's {@code filters.Args.Match} for one key, with each value compiled once: make one per listing and test
 * every candidate with it. True when the key has no values, or when a value equals the source or, as a Go regular
 * expression, matches somewhere in it. A value that does not compile only matches itself exactly: moby skips
 * values whose {@code regexp.MatchString} fails, so the request still succeeds. Immutable and thread-safe.
 */
public final class ValueMatcher implements Predicate<String> {

    private final Set<String> values;
    private final List<GoRegexp> regexps;

    private ValueMatcher(Set<String> values, List<GoRegexp> regexps) {
        this.values = values;
        this.regexps = regexps;
    }

    static ValueMatcher of(Set<String> values) {
        List<GoRegexp> regexps = new ArrayList<>(values.size());
        for (String v : values) {
            try {
                regexps.add(GoRegexp.compile(v));
            } catch (GoRegexp.SyntaxException e) {
                // skipped, as moby does
            }
        }
        return new ValueMatcher(values, List.copyOf(regexps));
    }

    @Override
    public boolean test(String source) {
        if (values.isEmpty() || values.contains(source)) {
            return true;
        }
        for (GoRegexp r : regexps) {
            if (r.find(source)) {
                return true;
            }
        }
        return false;
    }
}
