package dev.berth.mount;

import java.util.Objects;

/**
 * A structured {@code Mount} as the client submitted it (after API-version normalisation), echoed back by inspect
 * in {@code HostConfig.Mounts}. Strings are never null ({@code ""} = not given); an option block is null when
 * absent and non-null (possibly empty) when present, because a present block on the wrong type is an error.
 * Nothing is validated here beyond that: {@link MountSpecValidator} does it with Docker's texts and order.
 * Immutable and thread-safe.
 */
public record MountSpec(SpecType type, String source, String target, boolean readOnly, String consistency,
                        BindOptions bindOptions, VolumeOptions volumeOptions, TmpfsOptions tmpfsOptions,
                        ImageOptions imageOptions) {

    public MountSpec {
        Objects.requireNonNull(type, "type");
        source = source == null ? "" : source;
        target = target == null ? "" : target;
        consistency = consistency == null ? "" : consistency;
    }

    public static Builder builder(SpecType type) {
        return new Builder(type);
    }

    public Builder toBuilder() {
        return new Builder(type).source(source).target(target).readOnly(readOnly).consistency(consistency)
                .bindOptions(bindOptions).volumeOptions(volumeOptions).tmpfsOptions(tmpfsOptions)
                .imageOptions(imageOptions);
    }

    public MountSpec withSource(String value) {
        return toBuilder().source(value).build();
    }

    public MountSpec withBindOptions(BindOptions value) {
        return toBuilder().bindOptions(value).build();
    }

    public MountSpec withVolumeOptions(VolumeOptions value) {
        return toBuilder().volumeOptions(value).build();
    }

    public MountSpec withTmpfsOptions(TmpfsOptions value) {
        return toBuilder().tmpfsOptions(value).build();
    }

    /** Builds a {@link MountSpec}; every part but the type is optional. Not thread-safe. */
    public static final class Builder {
        private final SpecType type;
        private String source = "";
        private String target = "";
        private boolean readOnly;
        private String consistency = "";
        private BindOptions bindOptions;
        private VolumeOptions volumeOptions;
        private TmpfsOptions tmpfsOptions;
        private ImageOptions imageOptions;

        private Builder(SpecType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder target(String value) {
            target = value;
            return this;
        }

        public Builder readOnly(boolean value) {
            readOnly = value;
            return this;
        }

        public Builder consistency(String value) {
            consistency = value;
            return this;
        }

        public Builder bindOptions(BindOptions value) {
            bindOptions = value;
            return this;
        }

        public Builder volumeOptions(VolumeOptions value) {
            volumeOptions = value;
            return this;
        }

        public Builder tmpfsOptions(TmpfsOptions value) {
            tmpfsOptions = value;
            return this;
        }

        public Builder imageOptions(ImageOptions value) {
            imageOptions = value;
            return this;
        }

        public MountSpec build() {
            return new MountSpec(type, source, target, readOnly, consistency, bindOptions, volumeOptions,
                    tmpfsOptions, imageOptions);
        }
    }
}
