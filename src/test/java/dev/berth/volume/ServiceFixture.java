package dev.berth.volume;

import dev.berth.events.EventSink;
import dev.berth.store.Database;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.LocalDriver;
import dev.berth.volume.driver.VolumeDriver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A volume service over a real metadata database and a real local driver in a temporary directory, with the
 * published events recorded. {@link #restart} closes everything and opens it again over the same files.
 */
final class ServiceFixture implements AutoCloseable {

    /** One published event. */
    record Published(String type, String action, String actor, Map<String, String> attributes) {
    }

    /** Records events. Thread-safe. */
    static final class RecordingSink implements EventSink {
        final List<Published> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String type, String action, String actorId, Map<String, String> attributes) {
            events.add(new Published(type, action, actorId, Map.copyOf(attributes)));
        }

        List<Published> ofAction(String action) {
            return events.stream().filter(e -> e.action().equals(action)).toList();
        }
    }

    private final Path dir;
    private final List<VolumeDriver> extra;
    final RecordingSink events = new RecordingSink();
    Database db;
    LocalDriver local;
    VolumeService service;
    private boolean closed;

    ServiceFixture(Path dir, VolumeDriver... extraDrivers) {
        this.dir = dir;
        this.extra = List.of(extraDrivers);
        open();
    }

    Path volumesRoot() {
        return dir.resolve("volumes");
    }

    private void open() {
        closed = false;
        db = Database.open(dir.resolve("meta.db"));
        local = LocalDriver.open(volumesRoot());
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(local);
        extra.forEach(drivers::register);
        service = new VolumeService(drivers, db, events);
        service.start();
    }

    void restart() {
        close();
        open();
    }

    /**
     * Restarts as after a crash: the local driver is not stopped, so nothing more is made durable and the stop is
     * not marked clean. The abandoned driver stops reporting settled removals.
     */
    void crash() {
        local.drainTrash();
        local.onSettled(t -> {
        });
        service.close();
        db.close();
        open();
    }

    /** Names with a tombstone, read from the database file. */
    java.util.Set<String> tombstones() {
        return new VolumeStore(db).tombstones();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        local.drainTrash();
        service.close();
        local.close();
        db.close();
    }
}
