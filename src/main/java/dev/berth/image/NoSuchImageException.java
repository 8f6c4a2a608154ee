package dev.berth.image;

import dev.berth.errors.NotFoundException;

/** No image matches a reference or ID: {@code No such image: busybox:latest}. Immutable and thread-safe. */
public final class NoSuchImageException extends NotFoundException {

    private final String reference;

    public NoSuchImageException(String reference) {
        super("No such image: " + reference);
        this.reference = reference;
    }

    /** The reference as Docker prints it (familiar, with the default tag added to a bare name). */
    public String reference() {
        return reference;
    }
}
