package dev.berth.image;

import java.util.List;

/** What {@code POST /images/prune} removed and the bytes of layer content freed. Immutable and thread-safe. */
public record ImagePruneResult(List<ImageDeleteItem> deleted, long spaceReclaimed) {

    public ImagePruneResult {
        deleted = List.copyOf(deleted);
    }
}
