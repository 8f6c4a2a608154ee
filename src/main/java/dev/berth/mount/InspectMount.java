package dev.berth.mount;

import java.util.Collection;
import java.util.List;

/**
 * One entry of {@code docker inspect}'s {@code Mounts[]} (§2.4), in wire strings: {@code type} as on the wire,
 * {@code propagation} {@code ""} when none applies, {@code source} the host path (the volume path for volumes).
 * {@code HostConfig.Tmpfs} mounts never appear. Immutable and thread-safe.
 */
public record InspectMount(String type, String name, String source, String destination, String driver, String mode,
                           boolean rw, String propagation) {

    public static InspectMount of(MountPoint point) {
        return new InspectMount(point.type().wire(), point.name(), point.source(), point.destination(),
                point.driver(), point.mode(), point.rw(), point.propagationWire());
    }

    public static List<InspectMount> of(Collection<MountPoint> points) {
        return points.stream().map(InspectMount::of).toList();
    }
}
