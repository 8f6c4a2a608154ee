package dev.berth.volume;

import java.util.List;

/** The result of a list: volumes plus warnings from drivers that could not be asked. Immutable. */
public record VolumeList(List<Volume> volumes, List<String> warnings) {

    public VolumeList {
        volumes = List.copyOf(volumes);
        warnings = warnings == null ? null : List.copyOf(warnings);
    }
}
