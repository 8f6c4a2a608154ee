package dev.berth.volume.plugin;

import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.VolumeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The volume plugins of the daemon: one {@link PluginDriver} per plugin name, made when the name is first used
 * (a create naming the driver, or a volume record at start) or when a list finds the plugin in its directory.
 * Unlike Docker, looking up a plugin that is not there fails at once instead of retrying for 15 seconds
 * (moby#23452). Thread-safe.
 */
public final class PluginDrivers implements DriverRegistry.PluginSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginDrivers.class);

    private final PluginDiscovery discovery;
    private final Duration retryBudget;
    private final ConcurrentHashMap<String, PluginDriver> drivers = new ConcurrentHashMap<>();

    /**
     * @param retryBudget how long each call keeps trying to connect to a plugin that is not answering
     */
    public PluginDrivers(PluginDiscovery discovery, Duration retryBudget) {
        this.discovery = discovery;
        this.retryBudget = retryBudget;
    }

    @Override
    public Optional<VolumeDriver> find(String name) {
        PluginDriver known = drivers.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        if (discovery.find(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(handle(name));
    }

    @Override
    public PluginDriver handle(String name) {
        return drivers.computeIfAbsent(name, n -> new PluginDriver(n, discovery, retryBudget));
    }

    @Override
    public List<VolumeDriver> listable() {
        List<String> found;
        try {
            found = discovery.names();
        } catch (RuntimeException e) {
            log.warn("looking for volume plugins: {}", e.getMessage());
            found = List.of();
        }
        if (found.isEmpty() && drivers.isEmpty()) {
            return List.of();
        }
        for (String n : found) {
            if (PluginDiscovery.isPlainName(n)) {
                handle(n);
            }
        }
        return new ArrayList<>(drivers.values());
    }

    /** Activates, in the background, the plugins of restored volumes, so their scope is known before it is asked. */
    public void activateInBackground() {
        for (PluginDriver d : drivers.values()) {
            Thread.ofVirtual().name("plugin-activate-" + d.name()).start(() -> {
                try {
                    d.activate(true);
                } catch (RuntimeException e) {
                    log.warn("volume plugin {} did not answer its activation: {}", d.name(), e.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        drivers.values().forEach(PluginDriver::close);
    }
}
