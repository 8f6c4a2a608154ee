package dev.berth.container;

/** Docker's container states, with their wire names. */
public enum ContainerStatus {
    CREATED("created"), RUNNING("running"), PAUSED("paused"), RESTARTING("restarting"), REMOVING("removing"),
    EXITED("exited"), DEAD("dead");

    private final String wire;

    ContainerStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The status of a {@code status=} filter value, or null when there is none of that name. */
    public static ContainerStatus fromWire(String s) {
        for (ContainerStatus c : values()) {
            if (c.wire.equals(s)) {
                return c;
            }
        }
        return null;
    }
}
