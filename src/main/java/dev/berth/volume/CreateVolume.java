package dev.berth.volume;

import java.util.Map;

/**
 * A volume create request. A null or empty {@code name} creates an anonymous volume; a null {@code driver} means
 * "whichever driver has a volume of that name, else local". Null maps mean "not given". {@code reference}, when set, is a container id that
 * takes a reference on the volume in the same step, so nothing can remove it in between. Immutable.
 */
public record CreateVolume(String name, String driver, Map<String, String> driverOptions,
                           Map<String, String> labels, String reference) {

    public CreateVolume {
        // null and empty stay distinct: Docker reports them back as null and {} respectively.
        driverOptions = driverOptions == null ? null : Map.copyOf(driverOptions);
        labels = labels == null ? null : Map.copyOf(labels);
    }

    public static CreateVolume named(String name) {
        return new CreateVolume(name, null, null, null, null);
    }

    public CreateVolume withReference(String containerId) {
        return new CreateVolume(name, driver, driverOptions, labels, containerId);
    }
}
