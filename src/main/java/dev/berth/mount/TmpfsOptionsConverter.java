package dev.berth.mount;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns {@code Mount.TmpfsOptions} into the tmpfs data string, like moby's {@code ConvertTmpfsOptions} (§3.3):
 * {@code ro}, then {@code mode=<octal>}, then {@code size=<n><g|m|k>} with the largest unit dividing the size
 * exactly, then the {@code Options} pairs. Stateless and thread-safe.
 */
public final class TmpfsOptionsConverter {

    private static final Set<String> ALLOWED_KEYS = Set.of("exec", "noexec");
    private static final String[] SUFFIXES = {"g", "m", "k"};
    private static final long[] DIVISORS = {1L << 30, 1L << 20, 1L << 10};

    private TmpfsOptionsConverter() {
    }

    /** {@code options} may be null (no block). Throws with Docker's text for a bad {@code Options} entry. */
    public static String convert(TmpfsOptions options, boolean readOnly) {
        List<String> out = new ArrayList<>();
        if (readOnly) {
            out.add("ro");
        }
        if (options != null && options.mode() != 0) {
            out.add("mode=" + Long.toOctalString(options.mode()));
        }
        if (options != null && options.sizeBytes() != 0) {
            out.add("size=" + size(options.sizeBytes()));
        }
        if (options != null) {
            for (List<String> pair : options.options()) {
                if (pair.isEmpty() || pair.size() > 2) {
                    throw MountErrors.invalidOptionArrayLength();
                }
                if (!ALLOWED_KEYS.contains(pair.getFirst())) {
                    throw MountErrors.invalidTmpfsOptionKey(pair.getFirst());
                }
                out.add(pair.size() == 1 ? pair.getFirst() : pair.get(0) + "=" + pair.get(1));
            }
        }
        return String.join(",", out);
    }

    private static String size(long bytes) {
        for (int i = 0; i < DIVISORS.length; i++) {
            if (bytes % DIVISORS[i] == 0) {
                return (bytes / DIVISORS[i]) + SUFFIXES[i];
            }
        }
        return Long.toString(bytes);
    }
}
