package dev.berth.volume.driver;

import java.util.Map;

/**
 * One volume as its driver sees it. Mount and unmount are counted per mount id (one id per container mount);
 * the driver mounts at the first id and unmounts after the last, so callers never count. Thread-safe.
 */
public interface DriverVolume {

    String name();

    String driverName();

    /** The host path of the volume's data, or "" while a plugin volume is not mounted. */
    String path();

    /**
     * Makes the volume usable for {@code mountId} and returns the host path to bind. Idempotent per id.
     *
     * @throws dev.berth.errors.BerthException when the underlying mount fails (message says why)
     */
    String mount(String mountId);

    /**
     * After a daemon restart, for a container that kept running: takes {@code mountId} as held again, mounting
     * what the restart lost. A plugin still counts the id (Docker never mounts again), so its volume only records it.
     */
    default String restoreMount(String mountId) {
        return mount(mountId);
    }

    /** Releases {@code mountId}; unknown ids are ignored. */
    void unmount(String mountId);

    /** Creation time, seconds since the epoch. */
    long createdAtSeconds();

    /** Driver-specific status for inspect, or null. */
    Map<String, Object> status();
}
