package dev.berth.mount;

/** The mount types berth supports on Linux, with their wire names. Immutable and thread-safe. */
public enum MountType implements SpecType {
    BIND("bind"),
    VOLUME("volume"),
    TMPFS("tmpfs"),
    IMAGE("image");

    private final String wire;

    MountType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
