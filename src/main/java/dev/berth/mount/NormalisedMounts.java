package dev.berth.mount;

import java.util.List;

/**
 * The outcome of {@link ApiVersionRules#normalise}: the mounts to store and validate, whether read-only binds
 * default to non-recursive read-only (clients older than 1.44), and warnings for the create response.
 * Immutable and thread-safe.
 */
public record NormalisedMounts(List<MountSpec> mounts, boolean defaultReadOnlyNonRecursive, List<String> warnings) {

    public NormalisedMounts {
        mounts = List.copyOf(mounts);
        warnings = List.copyOf(warnings);
    }
}
