package dev.berth.container;

import dev.berth.errors.NotFoundException;

/** No container of that name or id. Docker's text: {@code No such container: <ref>}. */
public final class NoSuchContainerException extends NotFoundException {

    public NoSuchContainerException(String ref) {
        super("No such container: " + ref);
    }
}
