package dev.berth.volume;

import java.util.List;
import java.util.Objects;

/**
 * The result of a list: volumes plus warnings from drivers that could not be asked. Immutable: {@code volumes} is
 * taken as it is, not copied (the service's list makes each volume when it is read), so it must not change.
 */
public record VolumeList(List<Volume> volumes, List<String> warnings) {

    public VolumeList {
        Objects.requireNonNull(volumes, "volumes");
        warnings = warnings == null ? null : List.copyOf(warnings);
    }
}
