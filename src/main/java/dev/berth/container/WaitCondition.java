package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;

/** {@code POST /containers/{id}/wait?condition=}: what to wait for. */
public enum WaitCondition {
    NOT_RUNNING("not-running"), NEXT_EXIT("next-exit"), REMOVED("removed");

    private final String wire;

    WaitCondition(String wire) {
        this.wire = wire;
    }

    public static WaitCondition fromWire(String s) {
        if (s == null || s.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition c : values()) {
            if (c.wire.equals(s)) {
                return c;
            }
        }
        throw new InvalidArgumentException("invalid condition: \"" + s + "\"");
    }
}
