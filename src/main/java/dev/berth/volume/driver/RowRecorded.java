package dev.berth.volume.driver;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An optional driver ability: the caller's metadata rows are the durable record of the driver's volumes, so the
 * driver's own creates and removals need no flush, and an acknowledged create or remove costs one flush (the
 * row's) instead of two that a journalling filesystem cannot overlap.
 *
 * <ul>
 * <li>Create: {@link #createUnsynced}, then the caller commits the row. A crash may lose the new storage, never the
 *     row: at start ({@link #reconcile}) the driver recreates it, empty, as it was when the create was answered.</li>
 * <li>Remove: {@link #prepareRemove} checks that the volume can go; the caller deletes the row and writes a
 *     tombstone in one durable transaction; {@link Removal#apply} then takes the storage out of sight without a
 *     flush. A crash may undo that move, never the tombstone: at start the driver removes the storage of every
 *     tombstoned name that has no row.</li>
 * <li>A tombstone is needed until the driver has made its removal's move durable. The driver does that in
 *     batches and reports the tombstones it settled ({@link #onSettled}); the caller then deletes them.</li>
 * </ul>
 */
public interface RowRecorded extends Reconciling {

    /** Creates the volume's storage without making it durable; the caller's row is its record. */
    DriverVolume createUnsynced(String name, Map<String, String> options);

    /**
     * Checks that the volume can be removed and readies it (an idle mount is unmounted). Nothing is removed yet.
     *
     * @throws dev.berth.errors.BerthException when it cannot be removed
     */
    Removal prepareRemove(DriverVolume volume);

    /** Receives, on a driver thread, the tombstones whose removals are durable now. */
    void onSettled(Consumer<List<Tombstone>> listener);

    /** Removal {@code seq} of volume {@code name}; a later removal of the same name has a higher one. */
    record Tombstone(String name, long seq) {
    }

    /**
     * A removal in progress: once the row is gone, either {@link #apply} and then {@link #discard}, or
     * {@link #applyLater} alone.
     */
    interface Removal {

        /**
         * Takes the volume's storage out of sight. Called once the row's deletion and tombstone {@code seq} are
         * durable.
         *
         * @throws dev.berth.errors.BerthException when the storage could not be moved; the volume is unchanged and
         *                                         the caller puts its row back
         */
        void apply(long seq);

        /** After {@link #apply}: frees the storage, in the background. */
        void discard();

        /**
         * {@link #apply} and {@link #discard} in the background, for removals in bulk: the volume is gone from the
         * driver at once and its name is free (a create of it finishes the move first). A move that fails is
         * logged and left to the next start, which removes what the tombstone names. Never throws for the move.
         */
        default void applyLater(long seq) {
            apply(seq);
            discard();
        }
    }

    /**
     * A removal on any driver: staged as above when the driver records its volumes in rows, otherwise one that
     * calls the driver's remove at {@link Removal#apply}.
     */
    static Removal prepare(VolumeDriver driver, DriverVolume volume) {
        if (driver instanceof RowRecorded recorded) {
            return recorded.prepareRemove(volume);
        }
        return new Removal() {
            @Override
            public void apply(long seq) {
                driver.remove(volume);
            }

            @Override
            public void discard() {
            }
        };
    }
}
