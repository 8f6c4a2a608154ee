package dev.berth.volume.driver;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A volume driver: the local driver or a plugin. Implementations are thread-safe; callers hold the volume's name
 * lock for create, remove and mount calls of one name, so a driver need not serialise operations on one volume.
 */
public interface VolumeDriver {

    /** The driver name volumes report, e.g. {@code local}. */
    String name();

    /**
     * Creates the volume or returns the existing one of that name. Validates the name and options first and
     * leaves nothing behind on failure.
     *
     * @throws dev.berth.errors.InvalidArgumentException for a bad name or option, with Docker's text
     */
    DriverVolume create(String name, Map<String, String> options);

    /** Removes the volume and its data. Fails when the volume is still mounted. */
    void remove(DriverVolume volume);

    /**
     * Undoes {@link #create} after the caller failed to record the volume: removes it, unless the create found it
     * already there (a plugin's volume made elsewhere is not the caller's to remove).
     */
    default void undoCreate(DriverVolume volume) {
        remove(volume);
    }

    /** The volume of that name, if the driver has it. */
    Optional<DriverVolume> get(String name);

    /** Every volume the driver has. */
    List<DriverVolume> list();

    /**
     * Every volume the driver has, for a list of all volumes: a driver that cannot answer at once (a plugin that
     * is down) fails rather than waiting for it.
     */
    default List<DriverVolume> listNow() {
        return list();
    }

    /**
     * The volume of a record the daemon holds, at start. Drivers that must not be contacted then (plugins, which
     * may start after the daemon) answer without asking; null when the driver no longer has it.
     */
    default DriverVolume restore(String name, long createdAtSeconds) {
        return get(name).orElse(null);
    }

    /** {@code local} or {@code global}: whether volumes are visible on one host or cluster-wide. */
    String scope();
}
