package dev.berth.volume.driver;

import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The volume drivers known to the daemon, by name. Registration happens at start. Thread-safe after start. */
public final class DriverRegistry {

    private final Map<String, VolumeDriver> drivers = new LinkedHashMap<>();

    public synchronized void register(VolumeDriver driver) {
        if (drivers.putIfAbsent(driver.name(), driver) != null) {
            throw new InternalException("volume driver registered twice: " + driver.name());
        }
    }

    /**
     * The driver of that name.
     *
     * @throws NotFoundException with Docker's plugin lookup text when there is none
     */
    public synchronized VolumeDriver get(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("driver name cannot be empty");
        }
        VolumeDriver d = drivers.get(name);
        if (d == null) {
            throw new NotFoundException("error looking up volume plugin " + name + ": plugin \"" + name + "\" not found");
        }
        return d;
    }

    public synchronized boolean has(String name) {
        return drivers.containsKey(name);
    }

    public synchronized Collection<VolumeDriver> all() {
        return List.copyOf(drivers.values());
    }
}
