package dev.berth.runtime;

import dev.berth.errors.ConflictException;

/** The operation needs a running container (kill, resize) and this one is not. Immutable and thread-safe. */
public final class ContainerNotRunningException extends ConflictException {

    public ContainerNotRunningException(String id) {
        super("container " + id + " is not running");
    }
}
