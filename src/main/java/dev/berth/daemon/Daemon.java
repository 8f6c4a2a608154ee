package dev.berth.daemon;

import dev.berth.api.ApiServer;
import dev.berth.api.Router;
import dev.berth.api.routes.EventRoutes;
import dev.berth.api.routes.ImageRoutes;
import dev.berth.api.routes.SystemRoutes;
import dev.berth.api.routes.VolumeRoutes;
import dev.berth.events.EventBus;
import dev.berth.image.ImageService;
import dev.berth.image.ImageUsage;
import dev.berth.store.Database;
import dev.berth.system.SystemInfo;
import dev.berth.system.SystemService;
import dev.berth.volume.VolumeService;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.LocalDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the engine's object graph in dependency order and runs it: metadata database, event bus, volume
 * drivers, services, routes, API server. The one place where components are wired. Thread-safe.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Database db;
    private final EventBus events;
    private final LocalDriver localDriver;
    private final VolumeService volumes;
    private final ApiServer server;

    private Daemon(DaemonConfig config, Database db, EventBus events, LocalDriver localDriver, VolumeService volumes,
                   ApiServer server) {
        this.config = config;
        this.db = db;
        this.events = events;
        this.localDriver = localDriver;
        this.volumes = volumes;
        this.server = server;
    }

    public static Daemon start(DaemonConfig config) {
        long t0 = System.nanoTime();
        prepareDirectories(config);
        Database db = Database.open(config.dataRoot().resolve("berth.db"));
        EventBus events = new EventBus();
        DriverRegistry drivers = new DriverRegistry();
        LocalDriver local = LocalDriver.open(config.dataRoot().resolve("volumes"));
        drivers.register(local);
        VolumeService volumes = new VolumeService(drivers, db, events);
        volumes.start();
        // Images: the container service is built after the image store yet must answer which containers use an
        // image (remove, prune); the store asks through this reference, which the container wiring sets.
        AtomicReference<ImageUsage> imageUsage = new AtomicReference<>(ImageUsage.NONE);
        ImageService images = ImageService.open(config.dataRoot(), db, id -> imageUsage.get().containersUsing(id));
        SystemService system = new SystemService(config.dataRoot(), ApiServer.MAX_VERSION.toString(),
                ApiServer.MIN_VERSION.toString(), "runc", () -> new SystemInfo.Counts(0, 0, 0, 0, 0));
        Router router = new Router();
        new SystemRoutes(system).register(router);
        new EventRoutes(events).register(router);
        new VolumeRoutes(volumes).register(router);
        new ImageRoutes(images).register(router);
        ApiServer server = ApiServer.start(config.socket(), router,
                "Docker/" + SystemService.ENGINE_VERSION + " (linux) berth/" + SystemService.BERTH_VERSION);
        log.info("berthd {} ready in {} ms (data root {})", SystemService.BERTH_VERSION,
                (System.nanoTime() - t0) / 1_000_000, config.dataRoot());
        return new Daemon(config, db, events, local, volumes, server);
    }

    private static void prepareDirectories(DaemonConfig config) {
        try {
            Files.createDirectories(config.dataRoot());
            Files.setPosixFilePermissions(config.dataRoot(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectories(config.execRoot());
        } catch (IOException e) {
            throw new dev.berth.errors.InternalException("prepare " + config.dataRoot() + ": " + e.getMessage(), e);
        }
    }

    public DaemonConfig config() {
        return config;
    }

    public VolumeService volumes() {
        return volumes;
    }

    public EventBus events() {
        return events;
    }

    @Override
    public void close() {
        server.close();
        localDriver.drainTrash();
        db.close();
        log.info("berthd stopped");
    }
}
