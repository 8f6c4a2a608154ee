package dev.berth.volume.driver;

import java.util.Map;

/**
 * An optional driver ability: create in two steps, so the caller can commit its metadata while the driver makes
 * the new volume durable. After {@link #createStaged} the volume exists; once {@link #syncCreated} returns, it
 * survives a crash (every volume created before the call, so concurrent creates share one sync). Either order of
 * the two durable writes is safe for a create: a directory without a row is an unacknowledged create, and a row
 * without a directory is dropped at start, exactly as if the create had never been answered.
 */
public interface StagedCreate {

    /** {@link VolumeDriver#create} without the final sync. */
    DriverVolume createStaged(String name, Map<String, String> options);

    /** Makes every volume staged so far durable. */
    void syncCreated();
}
