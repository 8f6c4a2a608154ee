package dev.berth.mount;

import java.util.Map;
import java.util.Objects;

/**
 * What the container service must do for one planned mount before the container can use it. The planner never
 * touches disk or volumes; it only says which of these applies. Immutable and thread-safe.
 */
public sealed interface MountAction {

    /**
     * Create, or get if it exists, the volume {@code name} ({@code ""} = anonymous, the volume service names it)
     * with a reference for the container; {@code driver} {@code ""} means the default or whichever driver has
     * the volume. From {@code Binds} and {@code Mounts}; options and labels only come from {@code Mounts}.
     */
    record EnsureVolume(String name, String driver, Map<String, String> driverOptions, Map<String, String> labels)
            implements MountAction {
        public EnsureVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(driver, "driver");
            driverOptions = Map.copyOf(driverOptions);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Create an anonymous volume with {@code driver} ({@code HostConfig.VolumeDriver}) for a {@code Config.Volumes}
     * or image {@code VOLUME} path, after checking the path is not a file in the image
     * ({@link MountErrors#volumeOverExistingFile}); then copy the image content into it.
     */
    record CreateAnonymousVolume(String driver) implements MountAction {
        public CreateAnonymousVolume {
            Objects.requireNonNull(driver, "driver");
        }
    }

    /** Get the existing volume of a {@code --volumes-from} container, with a reference for this container. */
    record ReuseVolume(String name, String driver) implements MountAction {
        public ReuseVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(driver, "driver");
        }
    }

    /** Bind-mount the host path {@code source}; create it as a directory at start when missing and allowed. */
    record BindHost(String source, boolean createIfMissing) implements MountAction {
        public BindHost {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Mount a tmpfs with the data {@code options} (from {@code TmpfsOptions}; merged with defaults at start). */
    record MountTmpfs(String options) implements MountAction {
        public MountTmpfs {
            Objects.requireNonNull(options, "options");
        }
    }

    /** Mount a read-only snapshot of {@code image} (optionally only {@code subpath} of it). */
    record MountImage(String image, String subpath) implements MountAction {
        public MountImage {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(subpath, "subpath");
        }
    }
}
