package dev.berth.mount;

import java.util.Objects;

/**
 * The {@code Type} field of a submitted {@code Mount}: one of the {@link MountType}s berth mounts, or the raw text of
 * any other type ({@code npipe}, {@code cluster}, typos) kept so the error can name it. Immutable and thread-safe.
 */
public sealed interface SpecType permits MountType, SpecType.Unknown {

    /** The text on the wire, e.g. {@code bind}. */
    String wire();

    /** Exact, case-sensitive lookup as in moby: {@code Bind} is an unknown type. */
    static SpecType fromWire(String wire) {
        Objects.requireNonNull(wire, "wire");
        for (MountType type : MountType.values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        return new Unknown(wire);
    }

    /** A type berth does not mount; validation rejects it with {@code mount type unknown}. */
    record Unknown(String wire) implements SpecType {
        public Unknown {
            Objects.requireNonNull(wire, "wire");
        }
    }
}
