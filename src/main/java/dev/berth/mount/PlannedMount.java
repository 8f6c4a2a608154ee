package dev.berth.mount;

import java.util.Objects;

/**
 * One destination of a container's mount plan: the mount point as parsed and the action that makes it usable.
 * After the action has run, {@link #withVolume} / {@link #withImage} give the mount point to persist.
 * Immutable and thread-safe.
 */
public record PlannedMount(MountPoint point, MountAction action) {

    public PlannedMount {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(action, "action");
    }

    /**
     * The mount point once its volume exists: name, driver and path as the volume service reports them. Volumes
     * from {@code Binds}/{@code Mounts} on the {@code local} driver get mode {@code z} when none was given, which
     * inspect shows (§2.3); anonymous volumes from {@code Config.Volumes} keep an empty mode.
     */
    public MountPoint withVolume(String volumeName, String volumeDriver, String volumePath) {
        MountPoint.Builder resolved = point.toBuilder().name(volumeName).driver(volumeDriver).source(volumePath);
        switch (action) {
            case MountAction.EnsureVolume _ -> {
                if (volumeDriver.equals(MountPoint.LOCAL_DRIVER) && point.mode().isEmpty()) {
                    resolved.mode("z");
                }
            }
            case MountAction.CreateAnonymousVolume _, MountAction.ReuseVolume _ -> {
            }
            case MountAction.BindHost _, MountAction.MountTmpfs _, MountAction.MountImage _ -> throw notA("volume");
        }
        return resolved.build();
    }

    /** The mount point once the image layer is mounted: the spec records the image ID, as moby does. */
    public MountPoint withImage(String imageId, String layerPath) {
        if (!(action instanceof MountAction.MountImage)) {
            throw notA("image");
        }
        return point.toBuilder().spec(point.spec().withSource(imageId)).source(layerPath).build();
    }

    private IllegalStateException notA(String what) {
        return new IllegalStateException("not a " + what + " mount: " + action);
    }
}
