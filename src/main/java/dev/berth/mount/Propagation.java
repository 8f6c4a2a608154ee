package dev.berth.mount;

import java.util.Optional;

/** A mount propagation mode, as in {@code BindOptions.Propagation} and {@code -v} modes. Immutable and thread-safe. */
public enum Propagation {
    PRIVATE("private"),
    RPRIVATE("rprivate"),
    SHARED("shared"),
    RSHARED("rshared"),
    SLAVE("slave"),
    RSLAVE("rslave");

    private final String wire;

    Propagation(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The mode named {@code wire}; anything else, including the empty string, fails with Docker's text. */
    public static Propagation fromWire(String wire) {
        return lookup(wire).orElseThrow(() -> MountErrors.invalidPropagation(wire));
    }

    static Optional<Propagation> lookup(String wire) {
        for (Propagation p : values()) {
            if (p.wire.equals(wire)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
