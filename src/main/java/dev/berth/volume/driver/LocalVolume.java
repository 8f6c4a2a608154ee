package dev.berth.volume.driver;

import dev.berth.errors.ConflictException;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One local volume. Its mount ids are counted here and nowhere else: the first id mounts a volume that has a
 * type/device, the last one to leave unmounts it. Thread-safe (guarded by {@code this}).
 */
final class LocalVolume implements DriverVolume {

    private final LocalDriver driver;
    private final String name;
    private final LocalOptions options;
    private final long createdAt;
    private Set<String> mountIds;
    private boolean mounted;

    LocalVolume(LocalDriver driver, String name, LocalOptions options, long createdAt) {
        this.driver = driver;
        this.name = name;
        this.options = options;
        this.createdAt = createdAt;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String driverName() {
        return LocalDriver.NAME;
    }

    @Override
    public String path() {
        return driver.dataPath(name);
    }

    @Override
    public long createdAtSeconds() {
        return createdAt;
    }

    @Override
    public Map<String, Object> status() {
        return null;
    }

    @Override
    public synchronized String mount(String mountId) {
        String path = path();
        if (mountIds == null || mountIds.isEmpty()) {
            driver.ensureDataDirectory(name);
        }
        boolean mountedNow = false;
        if (options != null && options.needsMount() && !mounted) {
            driver.mounter().mount(options, path);
            mounted = true;
            mountedNow = true;
        }
        if (options != null && options.sizeBytes() > 0) {
            // Re-applied at every mount, as Docker does: the filesystem mounted on _data may be a fresh one.
            try {
                driver.mounter().applyQuota(java.nio.file.Path.of(path), options.sizeBytes());
            } catch (RuntimeException e) {
                if (mountedNow) {
                    // Nobody uses what this call mounted: it must not stay mounted. The quota's error is the one
                    // to report; an unmount failing too is added to it.
                    try {
                        driver.mounter().unmount(path);
                        mounted = false;
                    } catch (RuntimeException unmountFailed) {
                        e.addSuppressed(unmountFailed);
                    }
                }
                throw e;
            }
        }
        if (mountIds == null) {
            mountIds = new HashSet<>(2);
        }
        mountIds.add(mountId);
        return path;
    }

    @Override
    public synchronized void unmount(String mountId) {
        if (mountIds == null || !mountIds.remove(mountId)) {
            return;
        }
        if (mountIds.isEmpty() && mounted) {
            driver.mounter().unmount(path());
            mounted = false;
        }
    }

    synchronized boolean isMounted() {
        return mounted;
    }

    synchronized int activeMounts() {
        return mountIds == null ? 0 : mountIds.size();
    }

    /** Refuses removal while mounted for someone; unmounts a mount nobody uses any more. */
    synchronized void prepareRemove() {
        if (mountIds != null && !mountIds.isEmpty()) {
            throw new ConflictException("volume has active mounts");
        }
        if (mounted) {
            driver.mounter().unmount(path());
            mounted = false;
        }
    }

    /** After a daemon restart a volume may still be mounted; count it as mounted with no users. */
    synchronized void restoreMountedState() {
        if (options != null && options.needsMount()) {
            mounted = driver.mounter().isMounted(path());
        }
    }

    boolean hasOptions() {
        return options != null;
    }
}
