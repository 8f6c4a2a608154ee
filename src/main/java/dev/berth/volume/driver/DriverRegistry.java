package dev.berth.volume.driver;

import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The volume drivers known to the daemon, by name: the built-in ones registered at start (the local driver), then
 * plugins, which a {@link PluginSource} finds when a name is first asked for. Thread-safe.
 */
public final class DriverRegistry {

    /** Where drivers other than the built-in ones come from: volume plugins. */
    public interface PluginSource {

        /** The plugin driver of that name if the plugin can be found now (or was before); empty otherwise. */
        Optional<VolumeDriver> find(String name);

        /**
         * The plugin driver of that name without looking for the plugin: for volumes the daemon's records hold,
         * whose plugin may start after the daemon. Nothing is contacted.
         */
        VolumeDriver handle(String name);

        /** Every plugin driver worth asking for its volumes: those used so far and those that can be found now. */
        List<VolumeDriver> listable();

        /** A source without plugins. */
        PluginSource NONE = new PluginSource() {
            @Override
            public Optional<VolumeDriver> find(String name) {
                return Optional.empty();
            }

            @Override
            public VolumeDriver handle(String name) {
                return null;
            }

            @Override
            public List<VolumeDriver> listable() {
                return List.of();
            }
        };
    }

    private final Map<String, VolumeDriver> builtIn = new ConcurrentHashMap<>();
    private volatile PluginSource plugins = PluginSource.NONE;

    public void register(VolumeDriver driver) {
        if (builtIn.putIfAbsent(driver.name(), driver) != null) {
            throw new InternalException("volume driver registered twice: " + driver.name());
        }
    }

    /** Plugins are looked up there from now on. */
    public void plugins(PluginSource source) {
        this.plugins = source;
    }

    /**
     * The driver of that name: built in, or a plugin that can be found.
     *
     * @throws NotFoundException with Docker's plugin lookup text when there is none
     */
    public VolumeDriver get(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("driver name cannot be empty");
        }
        VolumeDriver d = builtIn.get(name);
        if (d != null) {
            return d;
        }
        return plugins.find(name).orElseThrow(() -> new NotFoundException(
                "error looking up volume plugin " + name + ": plugin \"" + name + "\" not found"));
    }

    /**
     * The driver of a volume the daemon's records hold: built in, or a plugin's (not contacted, not even looked
     * for); null when plugins are not supported.
     */
    public VolumeDriver forRecord(String name) {
        VolumeDriver d = builtIn.get(name);
        return d != null ? d : plugins.handle(name);
    }

    /** Whether {@code driver} is built in (not a plugin). */
    public boolean isBuiltIn(VolumeDriver driver) {
        return builtIn.get(driver.name()) == driver;
    }

    /** The built-in drivers. */
    public Collection<VolumeDriver> builtIn() {
        return List.copyOf(builtIn.values());
    }

    /** The plugin drivers a list of all volumes asks. */
    public List<VolumeDriver> listablePlugins() {
        return plugins.listable();
    }
}
