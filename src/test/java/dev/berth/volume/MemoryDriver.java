package dev.berth.volume;

import dev.berth.volume.driver.DriverVolume;
import dev.berth.volume.driver.VolumeDriver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A plugin-like driver that keeps its volumes in memory and accepts any name. Thread-safe. */
public class MemoryDriver implements VolumeDriver {

    private final String name;
    private final ConcurrentHashMap<String, DriverVolume> volumes = new ConcurrentHashMap<>();

    public MemoryDriver(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DriverVolume create(String volume, Map<String, String> options) {
        return volumes.computeIfAbsent(volume, n -> new DriverVolume() {
            @Override
            public String name() {
                return n;
            }

            @Override
            public String driverName() {
                return name;
            }

            @Override
            public String path() {
                return "";
            }

            @Override
            public String mount(String mountId) {
                return "/mnt/" + n;
            }

            @Override
            public void unmount(String mountId) {
            }

            @Override
            public long createdAtSeconds() {
                return 0;
            }

            @Override
            public Map<String, Object> status() {
                return Map.of("plugin", name);
            }
        });
    }

    @Override
    public void remove(DriverVolume volume) {
        volumes.remove(volume.name());
    }

    @Override
    public Optional<DriverVolume> get(String volume) {
        return Optional.ofNullable(volumes.get(volume));
    }

    @Override
    public List<DriverVolume> list() {
        return List.copyOf(volumes.values());
    }

    @Override
    public String scope() {
        return "global";
    }
}
