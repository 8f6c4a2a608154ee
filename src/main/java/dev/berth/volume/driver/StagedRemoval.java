package dev.berth.volume.driver;

/**
 * An optional driver ability: remove in two steps, so the caller can make its metadata change durable between
 * them. After {@link #prepareRemove} the volume's data is out of sight but recoverable; {@link Removal#commit}
 * makes the removal final and {@link Removal#rollback} puts the volume back.
 */
public interface StagedRemoval {

    Removal prepareRemove(DriverVolume volume);

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
    }
}
