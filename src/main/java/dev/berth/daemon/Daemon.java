package dev.berth.daemon;

import dev.berth.api.ApiServer;
import dev.berth.api.Router;
import dev.berth.api.routes.BuildRoutes;
import dev.berth.api.routes.ContainerRoutes;
import dev.berth.api.routes.DiskUsageRoutes;
import dev.berth.api.routes.EventRoutes;
import dev.berth.api.routes.ImageRoutes;
import dev.berth.api.routes.NetworkRoutes;
import dev.berth.api.routes.SystemRoutes;
import dev.berth.api.routes.VolumeRoutes;
import dev.berth.container.ContainerService;
import dev.berth.events.EventBus;
import dev.berth.image.ImageService;
import dev.berth.mount.RroSupport;
import dev.berth.runtime.ConmonRuntime;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.RuncFeatures;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.RuncVersion;
import dev.berth.store.Database;
import dev.berth.system.BuildCache;
import dev.berth.system.Networks;
import dev.berth.system.SystemService;
import dev.berth.volume.VolumeArchives;
import dev.berth.volume.VolumeService;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.plugin.PluginDiscovery;
import dev.berth.volume.plugin.PluginDrivers;
import dev.berth.volume.driver.LocalDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the engine's object graph in dependency order and runs it: metadata database, event bus, volume
 * drivers, services, routes, API server. The one place where components are wired. Thread-safe.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** How long a plugin call keeps trying to connect: Docker's 30 s (waits of 1, 2, 4 and 8 s). */
    private static final java.time.Duration PLUGIN_RETRY_BUDGET = java.time.Duration.ofSeconds(30);

    private final DaemonConfig config;
    private final Database db;
    private final EventBus events;
    private final LocalDriver localDriver;
    private final PluginDrivers plugins;
    private final VolumeService volumes;
    private final ImageService images;
    private final ContainerRuntime runtime;
    private final ContainerService containers;
    private final ApiServer server;
    private final DataRootLock rootLock;

    private Daemon(DaemonConfig config, DataRootLock rootLock, Database db, EventBus events, LocalDriver localDriver,
                   PluginDrivers plugins, VolumeService volumes, ImageService images, ContainerRuntime runtime,
                   ContainerService containers, ApiServer server) {
        this.plugins = plugins;
        this.config = config;
        this.rootLock = rootLock;
        this.db = db;
        this.events = events;
        this.localDriver = localDriver;
        this.volumes = volumes;
        this.images = images;
        this.runtime = runtime;
        this.containers = containers;
        this.server = server;
    }

    public static Daemon start(DaemonConfig config) {
        long t0 = System.nanoTime();
        ApiServer.prepareInBackground();
        prepareDirectories(config);
        DataRootLock rootLock = DataRootLock.acquire(config.dataRoot());
        try {
            // Before the stores load: a socket another daemon serves fails the start at once (the bind checks again).
            ApiServer.refuseLiveSocket(config.socket());
            return start(config, rootLock, t0);
        } catch (RuntimeException | Error e) {
            rootLock.close();
            throw e;
        }
    }

    private static Daemon start(DaemonConfig config, DataRootLock rootLock, long t0) {
        useTemporaryDirectory(config.dataRoot().resolve("tmp"));
        Database db = Database.open(config.dataRoot().resolve("berth.db"));
        EventBus events = new EventBus();
        DriverRegistry drivers = new DriverRegistry();
        LocalDriver local = LocalDriver.open(config.dataRoot().resolve("volumes"));
        drivers.register(local);
        PluginDrivers plugins = new PluginDrivers(config.pluginDir() == null ? PluginDiscovery.DOCKER
                : PluginDiscovery.in(config.pluginDir()), PLUGIN_RETRY_BUDGET);
        drivers.plugins(plugins);
        VolumeService volumes = new VolumeService(drivers, db, events);
        RuntimeConfig runtimeConfig = RuntimeConfig.defaults(config.execRoot());
        // runc reports its features by running (a Go binary: 50-100 ms on a small VM); ask while the volumes load.
        CompletableFuture<RroSupport> rro = CompletableFuture.supplyAsync(() -> rroSupport(runtimeConfig.runc()),
                task -> Thread.ofPlatform().name("runc-features").start(task));
        // Its version for /version and /info, the same way.
        CompletableFuture<RuncVersion> runcVersion = CompletableFuture.supplyAsync(
                () -> RuncVersion.probe(runtimeConfig.runc()), task -> Thread.ofPlatform().name("runc-version").start(task));
        volumes.start();
        plugins.activateInBackground();
        // The image store asks the container service which containers use an image, and the runtime reports
        // exits to it; both exist before it does, so they reach it through this holder.
        AtomicReference<ContainerService> containerRef = new AtomicReference<>();
        ImageService images = ImageService.open(config.dataRoot(), db,
                imageId -> containerRef.get() == null ? List.of() : containerRef.get().containersUsing(imageId), events);
        ContainerRuntime runtime = ConmonRuntime.open(runtimeConfig, e -> {
            ContainerService cs = containerRef.get();
            if (cs != null) {
                cs.onExit(e);
            }
        });
        ContainerService containers = new ContainerService(config.dataRoot(), config.execRoot(), db, runtime, images,
                volumes, events, rro.join());
        containerRef.set(containers);
        containers.restore();
        RuncVersion runc = runcVersion.join();
        SystemService system = new SystemService(config.dataRoot(), ApiServer.MAX_VERSION.toString(),
                ApiServer.MIN_VERSION.toString(), runtimeConfig.runc().toString(), runc.version(), runc.commit(),
                containers::counts);
        Router router = new Router();
        new SystemRoutes(system).register(router);
        new EventRoutes(events).register(router);
        new VolumeRoutes(volumes, new VolumeArchives(volumes)).register(router);
        new ContainerRoutes(containers).register(router);
        new DiskUsageRoutes(volumes, images, containers).register(router);
        new ImageRoutes(images).register(router);
        new NetworkRoutes(new Networks(events)).register(router);
        new BuildRoutes(new BuildCache(events)).register(router);
        ApiServer server = ApiServer.start(config.socket(), router,
                "Docker/" + SystemService.ENGINE_VERSION + " (linux) berth/" + SystemService.BERTH_VERSION);
        log.info("berthd {} ready in {} ms (data root {})", SystemService.BERTH_VERSION,
                (System.nanoTime() - t0) / 1_000_000, config.dataRoot());
        // Only now: writing the log's zeros during the start competed with loading the volumes.
        db.preallocateWhenIdle();
        return new Daemon(config, rootLock, db, events, local, plugins, volumes, images, runtime, containers, server);
    }

    /**
     * {@code <data-root>/tmp} (as dockerd's), emptied at each start (the root is locked, so nothing in it is in use):
     * the SQLite driver unpacks its native library there instead of /tmp, where every daemon killed with -9 left one.
     * Set before the driver's first use in this JVM; a later daemon in the same JVM reuses the library already loaded.
     */
    private static void useTemporaryDirectory(java.nio.file.Path tmp) {
        try {
            if (Files.isDirectory(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                dev.berth.sys.Trees.deleteRecursively(tmp);
            }
            Files.createDirectories(tmp);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new dev.berth.errors.InternalException("prepare " + tmp + ": " + e.getMessage(), e);
        }
        System.setProperty("org.sqlite.tmpdir", tmp.toString());
    }

    /** Read-only binds are recursively read-only when both kernel and runc can do it (Docker's rule). */
    private static RroSupport rroSupport(java.nio.file.Path runc) {
        try {
            RuncFeatures f = RuncFeatures.probe(runc);
            if (!f.kernelAtLeast(5, 12)) {
                return RroSupport.kernelTooOld("kernel " + f.kernelRelease());
            }
            return f.recursiveReadOnly() ? RroSupport.supported() : RroSupport.runtimeLacksRro("runc");
        } catch (RuntimeException e) {
            log.warn("runc features unavailable: {}", e.getMessage());
            return RroSupport.runtimeFeaturesUnavailable("runc");
        }
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

    public ImageService images() {
        return images;
    }

    public ContainerService containers() {
        return containers;
    }

    @Override
    public void close() {
        server.close();
        containers.close();
        runtime.close();
        volumes.close();
        localDriver.close();
        plugins.close();
        db.close();
        rootLock.close();
        log.info("berthd stopped");
    }
}
