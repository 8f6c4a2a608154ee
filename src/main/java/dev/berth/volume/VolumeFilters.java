package dev.berth.volume;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import dev.berth.filter.ValueMatcher;
import dev.berth.gotext.GoQuote;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The list and prune filters of volumes, validated as Docker does, with a matcher. Immutable and thread-safe.
 */
final class VolumeFilters {

    private static final Set<String> LIST = Set.of("dangling", "name", "driver", "label");
    private static final Set<String> PRUNE = Set.of("label", "label!", "all");

    private final FilterArgs args;
    private final Boolean dangling;
    private final ValueMatcher nameMatcher;

    private VolumeFilters(FilterArgs args, Boolean dangling) {
        this.args = args;
        this.dangling = dangling;
        this.nameMatcher = args.matcher("name");
    }

    static VolumeFilters forList(FilterArgs args) {
        args.validate(LIST);
        return new VolumeFilters(args, args.boolValue("dangling"));
    }

    /** Prune filters; without {@code all=true} only anonymous volumes qualify (API 1.42 behaviour). */
    static VolumeFilters forPrune(FilterArgs args) {
        args.validate(PRUNE);
        Set<String> all = args.values("all");
        if (all.size() > 1) {
            throw new InvalidArgumentException("invalid filter 'all=" + FilterArgs.goList(all)
                    + "': only one value is expected");
        }
        boolean pruneAll = false;
        if (all.size() == 1) {
            pruneAll = parseGoBool(all.iterator().next());
        }
        return new VolumeFilters(pruneAll ? args : args.with("label", VolumeService.ANONYMOUS_LABEL), null);
    }

    /** Go's strconv.ParseBool, with Docker's error text for the {@code all} filter. */
    private static boolean parseGoBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new InvalidArgumentException(
                    "invalid filter 'all': strconv.ParseBool: parsing " + GoQuote.quote(v) + ": invalid syntax");
        };
    }

    /** Names that can match the label filter, or null when there is none (then every volume is a candidate). */
    Collection<String> labelCandidates(LabelIndex index) {
        Set<String> conditions = args.values("label");
        if (conditions.isEmpty()) {
            return null;
        }
        Collection<String> best = null;
        for (String c : conditions) {
            Collection<String> names = index.candidates(c);
            if (best == null || names.size() < best.size()) {
                best = names;
            }
        }
        return java.util.List.copyOf(best);
    }

    boolean matches(String name, String driver, Map<String, String> labels, boolean referenced) {
        if (!args.exactMatch("driver", driver)) {
            return false;
        }
        if (!nameMatcher.test(name)) {
            return false;
        }
        if (!matchesLabels(labels)) {
            return false;
        }
        return dangling == null || dangling != referenced;
    }

    boolean matchesLabels(Map<String, String> labels) {
        if (!args.matchLabels("label", labels)) {
            return false;
        }
        return !args.contains("label!") || !args.matchLabels("label!", labels);
    }
}
