package dev.berth.mount;

/**
 * {@code Mount.BindOptions} as submitted. {@code propagation} stays raw text ({@code ""} = not given) so an invalid
 * value is reported by validation with Docker's wording and order. Immutable and thread-safe.
 */
public record BindOptions(String propagation, boolean nonRecursive, boolean createMountpoint,
                          boolean readOnlyNonRecursive, boolean readOnlyForceRecursive) {

    public BindOptions {
        propagation = propagation == null ? "" : propagation;
    }

    /** A present but empty block: still counts as "specified" for the exclusive-options rule. */
    public static BindOptions empty() {
        return new BindOptions("", false, false, false, false);
    }

    public static BindOptions withPropagation(Propagation propagation) {
        return new BindOptions(propagation.wire(), false, false, false, false);
    }

    public BindOptions withNonRecursive(boolean value) {
        return new BindOptions(propagation, value, createMountpoint, readOnlyNonRecursive, readOnlyForceRecursive);
    }

    public BindOptions withCreateMountpoint(boolean value) {
        return new BindOptions(propagation, nonRecursive, value, readOnlyNonRecursive, readOnlyForceRecursive);
    }

    public BindOptions withReadOnlyNonRecursive(boolean value) {
        return new BindOptions(propagation, nonRecursive, createMountpoint, value, readOnlyForceRecursive);
    }

    public BindOptions withReadOnlyForceRecursive(boolean value) {
        return new BindOptions(propagation, nonRecursive, createMountpoint, readOnlyNonRecursive, value);
    }
}
