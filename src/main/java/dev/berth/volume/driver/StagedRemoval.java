package dev.berth.volume.driver;

import java.nio.file.Path;

/**
 * An optional driver ability: remove in two steps, so the caller can make its metadata change durable between
 * them. After {@link #prepareRemove} the volume's data is out of sight but recoverable; once {@link #syncPrepared}
 * returns, that is durable (so several removals share one sync); {@link Removal#commit} makes the removal final
 * and {@link Removal#rollback} puts the volume back.
 */
public interface StagedRemoval {

    Removal prepareRemove(DriverVolume volume);

    /** Makes every removal prepared so far durable: after a crash the data is out of sight, yet recoverable. */
    void syncPrepared();

    /** {@link #syncPrepared} when the driver stages removals; nothing otherwise. */
    static void sync(VolumeDriver driver) {
        if (driver instanceof StagedRemoval staged) {
            staged.syncPrepared();
        }
    }

    /**
     * Stages a removal on any driver: staged when the driver can, otherwise a removal that happens entirely at
     * commit (and cannot be undone).
     */
    static Removal prepare(VolumeDriver driver, DriverVolume volume) {
        if (driver instanceof StagedRemoval staged) {
            return staged.prepareRemove(volume);
        }
        return new Removal() {
            @Override
            public void commit() {
                driver.remove(volume);
            }

            @Override
            public void rollback() {
            }
        };
    }

    /** A removal in progress. Exactly one of commit or rollback must be called. */
    interface Removal {
        void commit();

        void rollback();

        /** Where the volume's data lies until commit (to measure it), or null when it was not moved aside. */
        default Path stagedData() {
            return null;
        }
    }
}
