package dev.berth.mount;

/**
 * moby's {@code validateBindDaemonRoot} (§3.8): a bind whose source is inside the data root, or contains it,
 * must propagate {@code rslave} or {@code rshared}, so the container never holds private copies of mounts the
 * daemon must later remove. Without a propagation it is forced to {@code rslave}.
 */
final class DaemonRootRule {

    private DaemonRootRule() {
    }

    /** True when the mount must be switched to {@code rslave}; throws for any other explicit propagation. */
    static boolean needsSlavePropagation(String daemonRoot, MountSpec spec) {
        if (spec.type() != MountType.BIND) {
            return false;
        }
        // A string prefix, not a path prefix, exactly as moby compares (so /var/lib/berth2 also matches).
        if (!spec.source().startsWith(daemonRoot) && !daemonRoot.startsWith(spec.source())) {
            return false;
        }
        if (spec.bindOptions() == null) {
            return true;
        }
        String propagation = spec.bindOptions().propagation();
        return switch (propagation) {
            case "" -> true;
            case "rslave", "rshared" -> false;
            default -> throw MountErrors.daemonRootPropagation(daemonRoot, spec.source(), propagation);
        };
    }
}
