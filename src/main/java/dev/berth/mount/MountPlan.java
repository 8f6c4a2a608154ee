package dev.berth.mount;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mounts of a container as decided at create: one {@link PlannedMount} per destination (volumes-from,
 * binds, mounts, then anonymous volumes), the {@code HostConfig.Tmpfs} entries (mounted, but never mount points),
 * and warnings for the create response. Use {@link OciMountOptions#build} at start for the runtime's list.
 * Immutable and thread-safe.
 */
public record MountPlan(List<PlannedMount> mounts, Map<String, String> tmpfs, List<String> warnings) {

    public MountPlan {
        mounts = List.copyOf(mounts);
        tmpfs = Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        warnings = List.copyOf(warnings);
    }

    /** The mount points as planned (volume names and paths not yet resolved). */
    public List<MountPoint> mountPoints() {
        return mounts.stream().map(PlannedMount::point).toList();
    }
}
