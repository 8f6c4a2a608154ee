package dev.berth.mount;

import java.util.Objects;

/**
 * A parsed mount of a container, the equivalent of moby's {@code MountPoint}: what is mounted where, and how.
 * <ul>
 *   <li>{@code source}: the cleaned host path for binds; the volume's path once the volume is resolved; the layer
 *       path for image mounts; {@code ""} otherwise.</li>
 *   <li>{@code name}/{@code driver}: the volume name ({@code ""} for an anonymous volume until it is created) and
 *       driver ({@code ""} = default); the image reference for image mounts.</li>
 *   <li>{@code mode}: the raw mode string of a {@code -v} bind, e.g. {@code ro,z}, shown by inspect.</li>
 *   <li>{@code propagation}: null when none applies (volumes, tmpfs).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public record MountPoint(MountType type, String source, String destination, boolean rw, String name, String driver,
                         String mode, Propagation propagation, boolean copyData, MountSpec spec,
                         boolean skipMountpointCreation) {

    /** The name of the built-in volume driver. */
    public static final String LOCAL_DRIVER = "local";

    public MountPoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        name = name == null ? "" : name;
        driver = driver == null ? "" : driver;
        mode = mode == null ? "" : mode;
    }

    /** A volume mount whose spec names no volume: removed with the container by {@code rm -v} (§2.5). */
    public boolean anonymous() {
        return type == MountType.VOLUME && spec.source().isEmpty();
    }

    /** The subpath of the volume or image to mount, {@code ""} for its root. */
    public String subpath() {
        if (spec.volumeOptions() != null && !spec.volumeOptions().subpath().isEmpty()) {
            return spec.volumeOptions().subpath();
        }
        return spec.imageOptions() == null ? "" : spec.imageOptions().subpath();
    }

    /** The propagation as inspect shows it: {@code ""} when none applies. */
    public String propagationWire() {
        return propagation == null ? "" : propagation.wire();
    }

    public static Builder builder(MountType type, MountSpec spec) {
        return new Builder(type, spec);
    }

    public Builder toBuilder() {
        return new Builder(type, spec).source(source).destination(destination).rw(rw).name(name).driver(driver)
                .mode(mode).propagation(propagation).copyData(copyData).skipMountpointCreation(skipMountpointCreation);
    }

    /** Builds a {@link MountPoint}. Not thread-safe. */
    public static final class Builder {
        private final MountType type;
        private MountSpec spec;
        private String source = "";
        private String destination = "";
        private boolean rw;
        private String name = "";
        private String driver = "";
        private String mode = "";
        private Propagation propagation;
        private boolean copyData;
        private boolean skipMountpointCreation;

        private Builder(MountType type, MountSpec spec) {
            this.type = type;
            this.spec = spec;
        }

        public Builder spec(MountSpec value) {
            spec = value;
            return this;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder destination(String value) {
            destination = value;
            return this;
        }

        public Builder rw(boolean value) {
            rw = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder driver(String value) {
            driver = value;
            return this;
        }

        public Builder mode(String value) {
            mode = value;
            return this;
        }

        public Builder propagation(Propagation value) {
            propagation = value;
            return this;
        }

        public Builder copyData(boolean value) {
            copyData = value;
            return this;
        }

        public Builder skipMountpointCreation(boolean value) {
            skipMountpointCreation = value;
            return this;
        }

        public MountPoint build() {
            return new MountPoint(type, source, destination, rw, name, driver, mode, propagation, copyData, spec,
                    skipMountpointCreation);
        }
    }
}
