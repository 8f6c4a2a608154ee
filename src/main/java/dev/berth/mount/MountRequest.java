package dev.berth.mount;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything of a container-create request that decides its mounts: resolved {@code VolumesFrom}, {@code Binds},
 * normalised {@code Mounts}, {@code Tmpfs}, {@code VolumeDriver}, {@code Config.Volumes}, the image's
 * {@code VOLUME}s and whether read-only binds default to non-recursive (API &lt; 1.44). Iteration order of every
 * part is kept, so plans are deterministic. Immutable and thread-safe.
 */
public record MountRequest(List<VolumesFromSource> volumesFrom, List<String> binds, List<MountSpec> mounts,
                           Map<String, String> tmpfs, String volumeDriver, List<String> configVolumes,
                           List<String> imageVolumes, boolean defaultReadOnlyNonRecursive) {

    public MountRequest {
        volumesFrom = List.copyOf(volumesFrom);
        binds = List.copyOf(binds);
        mounts = List.copyOf(mounts);
        tmpfs = Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        configVolumes = List.copyOf(configVolumes);
        imageVolumes = List.copyOf(imageVolumes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MountRequest}; every part defaults to empty. Not thread-safe. */
    public static final class Builder {
        private final List<VolumesFromSource> volumesFrom = new ArrayList<>();
        private final List<String> binds = new ArrayList<>();
        private final List<MountSpec> mounts = new ArrayList<>();
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private String volumeDriver = "";
        private final List<String> configVolumes = new ArrayList<>();
        private final List<String> imageVolumes = new ArrayList<>();
        private boolean defaultReadOnlyNonRecursive;

        private Builder() {
        }

        public Builder volumesFrom(VolumesFromSource source) {
            volumesFrom.add(source);
            return this;
        }

        public Builder binds(List<String> values) {
            binds.addAll(values);
            return this;
        }

        public Builder bind(String value) {
            binds.add(value);
            return this;
        }

        public Builder mounts(List<MountSpec> values) {
            mounts.addAll(values);
            return this;
        }

        public Builder mount(MountSpec value) {
            mounts.add(value);
            return this;
        }

        public Builder tmpfs(Map<String, String> values) {
            tmpfs.putAll(values);
            return this;
        }

        public Builder tmpfs(String destination, String options) {
            tmpfs.put(destination, options);
            return this;
        }

        public Builder volumeDriver(String value) {
            volumeDriver = value;
            return this;
        }

        public Builder configVolumes(List<String> values) {
            configVolumes.addAll(values);
            return this;
        }

        public Builder imageVolumes(List<String> values) {
            imageVolumes.addAll(values);
            return this;
        }

        public Builder defaultReadOnlyNonRecursive(boolean value) {
            defaultReadOnlyNonRecursive = value;
            return this;
        }

        /** Takes the result of {@link ApiVersionRules#normalise}: its mounts and read-only default. */
        public Builder normalised(NormalisedMounts value) {
            mounts.addAll(value.mounts());
            defaultReadOnlyNonRecursive = value.defaultReadOnlyNonRecursive();
            return this;
        }

        public MountRequest build() {
            return new MountRequest(volumesFrom, binds, mounts, tmpfs, volumeDriver, configVolumes, imageVolumes,
                    defaultReadOnlyNonRecursive);
        }
    }
}
