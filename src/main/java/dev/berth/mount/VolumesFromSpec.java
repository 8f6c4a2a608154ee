package dev.berth.mount;

/**
 * A parsed {@code HostConfig.VolumesFrom} entry, {@code <container>[:<mode>]} (§3.7): the mode defaults to
 * {@code rw} and may hold rw/ro, a label and a consistency token, but no propagation or copy mode.
 * Immutable and thread-safe.
 */
public record VolumesFromSpec(String container, String mode) {

    public static VolumesFromSpec parse(String spec) {
        if (spec.isEmpty()) {
            throw MountErrors.emptyVolumesFrom();
        }
        int colon = spec.indexOf(':');
        String container = colon < 0 ? spec : spec.substring(0, colon);
        String mode = colon < 0 ? "" : spec.substring(colon + 1);
        if (mode.isEmpty()) {
            return new VolumesFromSpec(container, "rw");
        }
        // Inherited mounts keep the propagation of the source container; copy modes make no sense for them.
        if (!MountMode.valid(mode) || MountMode.hasPropagation(mode) || MountMode.hasNoCopy(mode)) {
            throw MountErrors.invalidMode(mode);
        }
        return new VolumesFromSpec(container, mode);
    }

    /** False when the mode contains {@code ro}: inherited mounts then become read-only. */
    public boolean readWrite() {
        return MountMode.readWrite(mode);
    }
}
