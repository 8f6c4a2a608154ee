package dev.berth.image;

import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.PruneUntil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code GET /images/json} selection with Docker's filters: {@code reference} (glob on the familiar name or
 * name:tag; only matching tags are listed), {@code label} ({@code key} or {@code key=value}, all must match),
 * {@code dangling}, {@code before}/{@code since} (another image) and {@code until} (a time). Without {@code all},
 * untagged images with children are hidden. Stateless and thread-safe.
 */
final class ImageFilters {

    private static final Set<String> ACCEPTED = Set.of("before", "dangling", "label", "reference", "since", "until");

    private ImageFilters() {
    }

    static List<Image> list(ImageIndex index, ImageListOptions options,
                            BiFunction<ImageIndex.Entry, List<String>, Image> toImage) {
        Map<String, List<String>> f = options.filters();
        for (String name : f.keySet()) {
            if (!ACCEPTED.contains(name)) {
                throw new InvalidArgumentException("invalid filter '" + name + "'");
            }
        }
        Boolean dangling = null;
        if (f.containsKey("dangling")) {
            List<String> v = f.get("dangling");
            if (v.stream().allMatch(s -> s.equalsIgnoreCase("true") || s.equals("1"))) {
                dangling = true;
            } else if (v.stream().allMatch(s -> s.equalsIgnoreCase("false") || s.equals("0"))) {
                dangling = false;
            } else {
                throw new InvalidArgumentException("invalid filter 'dangling=[" + String.join(" ", v) + "]'");
            }
        }
        Instant before = bound(index, f.get("before"), true);
        Instant since = bound(index, f.get("since"), false);
        Instant until = PruneUntil.of(f.get("until"), Instant.now());
        List<String> patterns = f.getOrDefault("reference", List.of());
        List<String> labels = f.getOrDefault("label", List.of());

        List<Image> out = new ArrayList<>();
        for (ImageIndex.Entry e : index.all()) {
            Instant created = e.doc().created() == null ? Instant.EPOCH : e.doc().created();
            if ((before != null && !created.isBefore(before)) || (since != null && !created.isAfter(since))
                    || (until != null && !created.isBefore(until))) {
                continue;
            }
            if (!labelsMatch(labels, e.doc().config().labels())) {
                continue;
            }
            List<String> refs = index.refsOf(e.id());
            boolean isDangling = refs.isEmpty();
            if (!patterns.isEmpty()) {
                // An untagged image has nothing to match and is left out. Docker matches the references of every
                // other image it looks at (with dangling=true it looks only at images without children) before it
                // judges danglingness, so a bad pattern fails the listing then too.
                if (isDangling || (Boolean.TRUE.equals(dangling) && !index.children(e.id()).isEmpty())) {
                    continue;
                }
                refs = refs.stream().filter(r -> matches(patterns, ImageReference.parse(r))).toList();
                if (refs.isEmpty()) {
                    continue;
                }
            }
            if (dangling != null && dangling != isDangling) {
                continue;
            }
            if (isDangling && !options.all() && !index.children(e.id()).isEmpty()) {
                continue;
            }
            out.add(toImage.apply(e, refs));
        }
        out.sort(Comparator.comparing((Image i) -> i.created() == null ? Instant.EPOCH : i.created()).reversed()
                .thenComparing(Image::id));
        return out;
    }

    private static Instant bound(ImageIndex index, List<String> values, boolean before) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Instant bound = null;
        for (String v : values) {
            Instant c = index.resolve(v).doc().created();
            c = c == null ? Instant.EPOCH : c;
            if (bound == null || (before ? c.isAfter(bound) : c.isBefore(bound))) {
                bound = c;
            }
        }
        return bound;
    }

    /**
     * Docker's {@code reference.FamiliarMatch} over the patterns in turn: the familiar string (name:tag), then the
     * familiar name. A malformed pattern reached before one matches fails the listing with Docker's untyped error,
     * a 500 "syntax error in pattern".
     */
    private static boolean matches(List<String> patterns, ImageReference ref) {
        try {
            for (String p : patterns) {
                if (Globs.match(p, ref.familiarString()) || Globs.match(p, ref.familiarName())) {
                    return true;
                }
            }
            return false;
        } catch (Globs.BadPatternException e) {
            throw new InternalException(e.getMessage());
        }
    }

    private static boolean labelsMatch(List<String> filters, Map<String, String> labels) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                if (!labels.containsKey(f)) {
                    return false;
                }
            } else if (!f.substring(eq + 1).equals(labels.get(f.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
