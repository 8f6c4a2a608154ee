package dev.berth.image;

import java.time.Instant;
import java.util.List;

/**
 * An image as inspect and list report it: ID, familiar tags ({@code busybox:latest}), what its config says
 * (platform, created, author, comment, run defaults, layer diff IDs) and its size (bytes of its layers' files).
 * {@code created} and {@code lastTagTime} may be null. Immutable and thread-safe.
 */
public record Image(String id, List<String> repoTags, List<String> repoDigests, String parent, String comment,
                    Instant created, String author, String dockerVersion, String architecture, String variant,
                    String os, String osVersion, long size, ImageConfig config, List<String> diffIds,
                    Instant lastTagTime) {

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        diffIds = List.copyOf(diffIds);
        parent = parent == null ? "" : parent;
    }
}
