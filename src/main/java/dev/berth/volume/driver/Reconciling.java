package dev.berth.volume.driver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optional driver ability: at daemon start, bring the driver's on-disk state together with what the metadata
 * database knows, repairing what a crash left behind.
 *
 * <p>The caller streams its rows into a {@link Session}: no map of every known volume is built, so a start with
 * 100,000 volumes keeps nothing per row but the volumes themselves.
 */
public interface Reconciling {

    /**
     * Starts reading the driver's on-disk state in the background; the caller reads its database meanwhile.
     * Optional: the session reads whatever was not prefetched itself.
     */
    default void prefetch() {
    }

    /**
     * Starts reconciling; one session at a time. The caller restores every row of this driver, then finishes.
     *
     * @param removed names with a tombstone: removed volumes whose storage a crash may have left in place
     */
    Session begin(Set<String> removed);

    /** One reconciliation: every known volume restored, then the storage nobody knew handled. */
    interface Session {

        /**
         * Makes the driver's volume for a row. Thread-safe: rows may come from several threads, each name once.
         * Whether its storage is still there is checked by {@link #finish}.
         */
        DriverVolume restore(KnownVolume known);

        /**
         * After the last {@link #restore}: repairs the storage of restored volumes that a crash lost, drops those
         * that cannot or must not come back, and adopts or removes storage without a row. Returns once repairs of
         * removed volumes are durable, so the caller may then delete the tombstones.
         *
         * @return rows the caller must drop from and add to the database
         */
        Reconciliation finish();
    }

    /** All of a session at once, for callers that hold the rows in a map anyway (tests, small stores). */
    default Reconciliation reconcile(Map<String, KnownVolume> known, Set<String> removed) {
        Session session = begin(removed);
        known.values().forEach(session::restore);
        return session.finish();
    }

    /** A volume as the metadata database records it. */
    record KnownVolume(String name, Map<String, String> options, long createdAtSeconds) {
        public KnownVolume {
            options = options == null ? Map.of() : options;
        }
    }

    /**
     * What reconciliation found: names whose storage is gone for good (their rows must go, and the driver no
     * longer has them), volumes that need a row (storage with data that had none).
     */
    record Reconciliation(List<String> dropped, List<KnownVolume> adopted) {
        public Reconciliation {
            dropped = List.copyOf(dropped);
            adopted = List.copyOf(adopted);
        }
    }
}
