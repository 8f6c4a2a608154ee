package dev.berth.image;

/**
 * One line of an image delete result, as Docker reports it: a reference that was removed, or an image or layer
 * that was deleted. Immutable and thread-safe.
 */
public sealed interface ImageDeleteItem {

    /** A tag removed, familiar form ({@code busybox:latest}). */
    record Untagged(String reference) implements ImageDeleteItem {}

    /** An image ID or layer chain ID deleted ({@code sha256:...}). */
    record Deleted(String id) implements ImageDeleteItem {}
}
