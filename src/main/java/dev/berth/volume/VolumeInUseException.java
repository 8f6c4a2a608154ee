package dev.berth.volume;

import dev.berth.errors.ConflictException;

import java.util.List;

/** The volume is referenced by containers. Message as Docker's: {@code remove v: volume is in use - [id, ...]}. */
public final class VolumeInUseException extends ConflictException {

    private final String name;
    private final List<String> references;

    public VolumeInUseException(String op, String name, List<String> references) {
        super(op + " " + name + ": volume is in use - [" + String.join(", ", references) + "]");
        this.name = name;
        this.references = List.copyOf(references);
    }

    public String name() {
        return name;
    }

    public List<String> references() {
        return references;
    }
}
