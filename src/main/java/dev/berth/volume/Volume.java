package dev.berth.volume;

import java.util.Map;

/**
 * A volume as the engine reports it. {@code labels}, {@code options} and {@code status} are null when unset
 * (Docker serialises the first two as {@code null}). Immutable and thread-safe.
 *
 * @param usage size and reference count, only filled for disk-usage requests; null otherwise
 */
public record Volume(String name, String driver, String mountpoint, long createdAtSeconds,
                     Map<String, String> labels, Map<String, String> options, String scope,
                     Map<String, Object> status, Usage usage) {

    /** Disk usage of a volume: bytes ({@code -1} when unknown) and the number of containers using it. */
    public record Usage(long size, long refCount) {
    }

    public boolean isAnonymous() {
        return labels != null && labels.containsKey(VolumeService.ANONYMOUS_LABEL);
    }
}
