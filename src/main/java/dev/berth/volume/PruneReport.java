package dev.berth.volume;

import java.util.List;

/** What a prune removed and how many bytes that freed. Immutable. */
public record PruneReport(List<String> volumesDeleted, long spaceReclaimed) {

    public PruneReport {
        volumesDeleted = List.copyOf(volumesDeleted);
    }
}
