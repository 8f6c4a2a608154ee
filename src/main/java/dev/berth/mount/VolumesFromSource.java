package dev.berth.mount;

import java.util.List;
import java.util.Objects;

/**
 * A {@code --volumes-from} entry resolved by the caller: the parsed spec and the mount points of the named
 * container. Immutable and thread-safe.
 */
public record VolumesFromSource(VolumesFromSpec spec, List<MountPoint> mountPoints) {

    public VolumesFromSource {
        Objects.requireNonNull(spec, "spec");
        mountPoints = List.copyOf(mountPoints);
    }
}
