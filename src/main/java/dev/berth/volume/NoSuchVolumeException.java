package dev.berth.volume;

import dev.berth.errors.NotFoundException;

/** No volume of that name exists. Message as Docker's: {@code <op> <name>: no such volume}. */
public final class NoSuchVolumeException extends NotFoundException {

    private final String name;

    public NoSuchVolumeException(String op, String name) {
        super(op + " " + name + ": no such volume");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
