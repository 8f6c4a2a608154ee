package dev.berth.volume.plugin;

import dev.berth.errors.NotFoundException;
import dev.berth.volume.driver.DriverVolume;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One volume of a plugin. The plugin counts mounts by id itself (Docker's protocol); this object only keeps each
 * id from being sent twice and remembers the last mount point and creation time the plugin reported, which list
 * shows without asking the plugin (as Docker does). Thread-safe.
 */
final class PluginVolume implements DriverVolume {

    private final PluginDriver driver;
    private final String name;
    private final boolean createdHere;
    private final Set<String> mountIds = new HashSet<>(2);
    private volatile String mountpoint;
    private volatile long createdAt;

    PluginVolume(PluginDriver driver, String name, String mountpoint, long createdAt) {
        this(driver, name, mountpoint, createdAt, false);
    }

    /** @param createdHere whether this daemon's create made it (a create's undo removes only such a volume) */
    PluginVolume(PluginDriver driver, String name, String mountpoint, long createdAt, boolean createdHere) {
        this.createdHere = createdHere;
        this.driver = driver;
        this.name = name;
        this.mountpoint = mountpoint;
        this.createdAt = createdAt;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String driverName() {
        return driver.name();
    }

    boolean createdHere() {
        return createdHere;
    }

    @Override
    public String path() {
        return mountpoint;
    }

    @Override
    public synchronized String mount(String mountId) {
        if (mountIds.contains(mountId)) {
            return mountpoint;
        }
        String mp = driver.mount(name, mountId);
        if (!mp.startsWith("/")) {
            // Nothing a container could bind: the plugin's count for this id is given back.
            try {
                driver.unmount(name, mountId);
            } catch (PluginException ignored) {
                // the mount's failure is the one to report
            }
            throw new PluginException("VolumeDriver.Mount: the plugin answered "
                    + (mp.isEmpty() ? "no mount point" : "a relative mount point: " + mp), false);
        }
        mountIds.add(mountId);
        mountpoint = mp;
        return mp;
    }

    /** The plugin kept counting the id across the daemon's restart: only recorded, so the stop unmounts it. */
    @Override
    public synchronized String restoreMount(String mountId) {
        mountIds.add(mountId);
        return mountpoint;
    }

    @Override
    public synchronized void unmount(String mountId) {
        if (mountIds.remove(mountId)) {
            driver.unmount(name, mountId);
        }
    }

    @Override
    public long createdAtSeconds() {
        return createdAt;
    }

    /**
     * Asks the plugin ({@code VolumeDriver.Get}) and keeps its mount point and creation time.
     *
     * @throws NotFoundException when the plugin no longer has the volume
     */
    @Override
    public Map<String, Object> status() {
        PluginDriver.Described d = driver.describe(name)
                .orElseThrow(() -> new NotFoundException("no such volume"));
        mountpoint = d.mountpoint(); // Docker shows what Get answered, "" included (it never asks Path)
        createdAt = d.createdAt();
        return d.status();
    }
}
