package dev.berth.container;

import dev.berth.events.EventSink;
import dev.berth.it.FakeVolumePlugin;
import dev.berth.mount.ApiVersion;
import dev.berth.store.Database;
import dev.berth.volume.plugin.PluginDiscovery;
import dev.berth.volume.plugin.PluginDrivers;
import dev.berth.volume.VolumeService;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.LocalDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A container's plugin volumes at create ({@link ContainerMounts}): copy-up through a temporary mount id. */
class ContainerMountsPluginTest {

    @TempDir
    Path dir;
    private FakeVolumePlugin plugin;
    private Database db;
    private LocalDriver local;
    private PluginDrivers plugins;
    private VolumeService service;

    @BeforeEach
    void open() throws Exception {
        plugin = FakeVolumePlugin.onUnixSocket(dir.resolve("plugins/fake.sock"), dir.resolve("data"));
        plugins = new PluginDrivers(PluginDiscovery.in(dir.resolve("plugins")), Duration.ofSeconds(2));
        db = Database.open(dir.resolve("meta.db"));
        local = LocalDriver.open(dir.resolve("volumes"));
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(local);
        drivers.plugins(plugins);
        service = new VolumeService(drivers, db, (t, a, id, attrs) -> { });
        service.start();
    }

    @AfterEach
    void close() {
        service.close();
        local.close();
        db.close();
        plugins.close();
        plugin.close();
    }

    /** ContainerMounts.prepare for a container with {@code binds} and {@code --volume-driver fake} on {@code rootfs}. */
    private PreparedMounts prepare(String containerId, List<String> binds, Path rootfs) {
        ContainerMounts mounts = new ContainerMounts(service, dir.resolve("root"), (t, a, id, attrs) -> { });
        HostSettings host = new HostSettings(binds, null, null, null, "fake", false, null, false, 0, null, false,
                null, null, 0, 0);
        Supplier<Path> fs = () -> rootfs;
        Function<String, ContainerRecord> containers = ref -> null;
        return mounts.prepare(new ContainerMounts.Request(containerId, host, List.of(), List.of(), ApiVersion.V1_44,
                fs, containers));
    }

    /**
     * Docker's CopyImagePathContent only warns when the temporary mount's Unmount fails ("error while unmounting
     * volume"): the content is in and the container is created.
     */
    @Test
    void copyUp_unmountOfTheTemporaryMountFails_onlyAWarning() throws Throwable {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/file.txt"), "from the image");
        plugin.failNext("VolumeDriver.Unmount", "unmount exploded");

        Throwable failure = null;
        try {
            prepare("c".repeat(64), List.of("pv:/data"), rootfs);
        } catch (Throwable t) {
            failure = t;
        }

        assertThat(plugin.calls("VolumeDriver.Mount")).as("copy-up mounted the volume").isEqualTo(1);
        assertThat(plugin.mountpoint("pv").resolve("file.txt")).as("image content copied").exists();
        assertThat(failure).as("container create after a copy-up whose Unmount failed (Docker: a warning)")
                .isNull();
    }
}
