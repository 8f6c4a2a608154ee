package dev.berth.volume.driver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optional driver ability: at daemon start, bring the driver's on-disk state together with what the metadata
 * database knows, repairing what a crash left behind.
 */
public interface Reconciling {

    /**
     * Starts reading the driver's on-disk state in the background; the caller reads its database meanwhile and
     * then calls {@link #reconcile}. Optional: reconcile reads whatever was not prefetched itself.
     */
    default void prefetch() {
    }

    /**
     * May be called from one thread at a time only; the driver may use more threads inside. Returns once its
     * repairs of removed volumes are durable, so the caller may then delete the tombstones.
     *
     * @param known   the volumes of this driver the database has, by name
     * @param removed names with a tombstone: removed volumes whose storage a crash may have left in place
     * @return rows the caller must drop from and add to the database
     */
    Reconciliation reconcile(Map<String, KnownVolume> known, Set<String> removed);

    /** A volume as the metadata database records it. */
    record KnownVolume(String name, Map<String, String> options, long createdAtSeconds) {
        public KnownVolume {
            options = options == null ? Map.of() : options;
        }
    }

    /**
     * What reconciliation found: names whose storage is gone for good (their rows must go), volumes that need a
     * row (storage with data that had none).
     */
    record Reconciliation(List<String> dropped, List<KnownVolume> adopted) {
    }
}
