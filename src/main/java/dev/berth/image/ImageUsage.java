package dev.berth.image;

import java.util.List;

/**
 * What the container service tells the image store about containers built from an image, for Docker's delete
 * conflict rules. Implementations must be thread-safe and must not call back into the image store.
 */
@FunctionalInterface
public interface ImageUsage {

    /** A container using an image. */
    record User(String containerId, boolean running) {}

    /** Containers whose image is {@code imageId} ({@code sha256:<hex>}), any order; empty when none. */
    List<User> containersUsing(String imageId);

    /** No containers at all (tests, or before the container service exists). */
    ImageUsage NONE = imageId -> List.of();
}
