package dev.berth.volume;

import java.util.Map;

/**
 * A volume create request. A null or empty {@code name} creates an anonymous volume; a null {@code driver} means
 * "whichever driver has a volume of that name, else local". {@code reference}, when set, is a container id that
 * takes a reference on the volume in the same step, so nothing can remove it in between. Immutable.
 */
public record CreateVolume(String name, String driver, Map<String, String> driverOptions,
                           Map<String, String> labels, String reference) {

    public CreateVolume {
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static CreateVolume named(String name) {
        return new CreateVolume(name, null, Map.of(), Map.of(), null);
    }

    public CreateVolume withReference(String containerId) {
        return new CreateVolume(name, driver, driverOptions, labels, containerId);
    }
}
