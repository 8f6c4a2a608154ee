package dev.berth.mount;

import java.util.Set;

/**
 * The comma-separated mode of a {@code -v} spec or {@code --volumes-from} (§3.2): each of the categories rw/ro,
 * SELinux label, propagation, copy and consistency may appear at most once; any other token is invalid.
 */
final class MountMode {

    private static final Set<String> RW = Set.of("rw", "ro");
    private static final Set<String> LABEL = Set.of("z", "Z");
    private static final Set<String> COPY = Set.of("nocopy");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

    private MountMode() {
    }

    static boolean valid(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int rw = 0;
        int label = 0;
        int propagation = 0;
        int copy = 0;
        int consistency = 0;
        for (String token : tokens(mode)) {
            if (RW.contains(token)) {
                rw++;
            } else if (LABEL.contains(token)) {
                label++;
            } else if (Propagation.lookup(token).isPresent()) {
                propagation++;
            } else if (COPY.contains(token)) {
                copy++;
            } else if (CONSISTENCY.contains(token)) {
                consistency++;
            } else {
                return false;
            }
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
    }

    /** False for an invalid mode or one containing {@code ro}. */
    static boolean readWrite(String mode) {
        if (!valid(mode)) {
            return false;
        }
        for (String token : tokens(mode)) {
            if (token.equals("ro")) {
                return false;
            }
        }
        return true;
    }

    static boolean hasPropagation(String mode) {
        for (String token : tokens(mode)) {
            if (Propagation.lookup(token).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The first propagation token, or {@code rprivate}. */
    static Propagation propagation(String mode) {
        for (String token : tokens(mode)) {
            var p = Propagation.lookup(token);
            if (p.isPresent()) {
                return p.get();
            }
        }
        return Propagation.RPRIVATE;
    }

    /** Whether a copy token ({@code nocopy}) is present; the old {@code copy} token is no longer one. */
    static boolean hasNoCopy(String mode) {
        for (String token : tokens(mode)) {
            if (COPY.contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static String[] tokens(String mode) {
        // Go's strings.Split keeps empty tokens, which then make the mode invalid.
        return mode.split(",", -1);
    }
}
