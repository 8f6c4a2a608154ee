package dev.berth.volume.driver;

import java.util.List;
import java.util.Map;

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
     * May be called from one thread at a time only; the driver may use more threads inside.
     *
     * @param known the volumes of this driver the database has, by name
     * @return rows the caller must drop from and add to the database
     */
    Reconciliation reconcile(Map<String, KnownVolume> known);

    /** A volume as the metadata database records it. */
    record KnownVolume(String name, Map<String, String> options, long createdAtSeconds) {
        public KnownVolume {
            options = options == null ? Map.of() : options;
        }
    }

    /** What reconciliation changed: names whose rows must go, volumes that need a row. */
    record Reconciliation(List<String> dropped, List<KnownVolume> adopted) {
    }
}
