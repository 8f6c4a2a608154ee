package dev.berth.volume.plugin;

import dev.berth.errors.BerthException;
import dev.berth.filter.FilterArgs;
import dev.berth.it.FakeVolumePlugin;
import dev.berth.store.Database;
import dev.berth.volume.CreateVolume;
import dev.berth.volume.VolumeInUseException;
import dev.berth.volume.VolumeService;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.LocalDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VolumeService with plugin drivers: records of volumes found in plugins, undo of creates, lists while a plugin is down, broken spec files. */
class PluginServiceRecordsTest {

    @TempDir
    Path dir;
    private FakeVolumePlugin plugin;
    private Database db;
    private LocalDriver local;
    private PluginDrivers plugins;
    private VolumeService service;
    private boolean dbClosed;

    private Path pluginDir() {
        return dir.resolve("plugins");
    }

    /** A daemon start: new plugin drivers (nothing activated), the same records. */
    private void open(Duration budget) {
        if (plugins != null) {
            plugins.close();
        }
        plugins = new PluginDrivers(PluginDiscovery.in(pluginDir()), budget);
        db = Database.open(dir.resolve("meta.db"));
        dbClosed = false;
        local = LocalDriver.open(dir.resolve("volumes"));
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(local);
        drivers.plugins(plugins);
        service = new VolumeService(drivers, db, (t, a, id, attrs) -> { });
        service.start();
    }

    private void shutdown() {
        service.close();
        local.close();
        if (!dbClosed) {
            db.close();
        }
        service = null;
    }

    @AfterEach
    void close() {
        if (service != null) {
            shutdown();
        }
        if (plugins != null) {
            plugins.close();
        }
        if (plugin != null) {
            plugin.close();
        }
    }

    private void startPlugin() throws Exception {
        plugin = FakeVolumePlugin.onUnixSocket(pluginDir().resolve("fake.sock"), dir.resolve("data"));
    }

    /** A volume made on the plugin by someone else (another host sharing a global plugin, or the plugin's CLI). */
    private void madeElsewhere(String name) {
        PluginDriver elsewhere = new PluginDriver("fake", PluginDiscovery.in(pluginDir()), Duration.ofSeconds(2));
        elsewhere.create(name, null);
        elsewhere.close();
    }

    /**
     * create's undo after a failed row insert removes the volume from the plugin, even when the plugin already had
     * it before (PluginDriver.create answered the existing one without sending Create): a volume made elsewhere
     * is destroyed because berth's own metadata write failed.
     */
    @Test
    void failedInsert_undoLeavesAVolumeThePluginHadBefore() throws Exception {
        startPlugin();
        open(Duration.ofSeconds(2));
        madeElsewhere("shared");
        assertThat(plugin.volumes()).contains("shared");
        plugin.resetCounts();

        db.close(); // the metadata write fails (disk full, I/O error)
        dbClosed = true;
        assertThatThrownBy(() -> service.create(new CreateVolume("shared", "fake", null, null, null)))
                .isInstanceOf(BerthException.class);

        assertThat(plugin.calls("VolumeDriver.Create")).as("Create sent (the plugin had it)").isZero();
        assertThat(plugin.volumes()).as("the plugin's volumes after berth failed to record one it already had")
                .contains("shared");
    }

    /**
     * A volume known only from asking the plugins (create without a driver, e.g. `docker run -v shared:/d`) is kept
     * in memory only. After a daemon restart during which the plugin was briefly unreachable, the container's
     * reference is gone for it (but not for a volume with a row), so `volume rm` deletes a volume a container uses.
     */
    @Test
    void volumeFoundInPlugin_recorded_referenceKeptAcrossARestart() throws Exception {
        startPlugin();
        open(Duration.ofSeconds(2));
        madeElsewhere("shared");
        // container c1 is created with -v own:/a --volume-driver fake and -v shared:/b
        service.create(new CreateVolume("own", "fake", null, null, "c1"));
        service.create(new CreateVolume("shared", null, null, null, "c1"));
        assertThat(service.inspect("shared").driver()).isEqualTo("fake");

        // daemon restart while the plugin's socket is briefly away (plugin restarting)
        shutdown();
        Path away = dir.resolve("away.sock");
        Files.move(pluginDir().resolve("fake.sock"), away);
        open(Duration.ofSeconds(2));
        for (String v : List.of("own", "shared")) { // ContainerService.restore: acquire per volume mount
            try {
                service.acquire(v, "c1");
            } catch (BerthException e) {
                // logged "volume is gone"
            }
        }
        Files.move(away, pluginDir().resolve("fake.sock"));

        assertThatThrownBy(() -> service.remove("own", false)).isInstanceOf(VolumeInUseException.class);
        Throwable rm = org.assertj.core.api.Assertions.catchThrowable(() -> service.remove("shared", false));
        assertThat(plugin.volumes()).as("the plugin's volumes after `volume rm shared` (c1 uses it)")
                .contains("shared");
        assertThat(rm).as("remove of a volume container c1 references").isInstanceOf(VolumeInUseException.class);
    }

    /**
     * Same origin: a running container's mount of such a volume is not restored after a restart with the plugin
     * away, so its stop never sends Unmount (a volume with a row gets it).
     */
    @Test
    void volumeFoundInPlugin_mountRestored_unmountSentAtStop() throws Exception {
        startPlugin();
        open(Duration.ofSeconds(2));
        madeElsewhere("shared");
        service.create(new CreateVolume("own", "fake", null, null, "c1"));
        service.create(new CreateVolume("shared", null, null, null, "c1"));
        service.mount("own", "m-own");
        service.mount("shared", "m-shared");

        shutdown();
        Path away = dir.resolve("away.sock");
        Files.move(pluginDir().resolve("fake.sock"), away);
        open(Duration.ofSeconds(2));
        for (String v : List.of("own", "shared")) {
            try {
                service.acquire(v, "c1");
            } catch (BerthException e) {
                // logged
            }
        }
        Map<String, String> ids = Map.of("own", "m-own", "shared", "m-shared");
        ids.forEach((v, id) -> {
            try {
                service.restoreMount(v, id);
            } catch (BerthException e) {
                // ContainerService.restore logs "remount of volume"
            }
        });
        Files.move(away, pluginDir().resolve("fake.sock"));

        // the container stops
        ids.forEach(service::unmount);

        assertThat(plugin.activeMounts()).as("plugin mounts left after the container stopped").isEmpty();
    }

    /**
     * A list asks each plugin without retrying and does not stand behind an activation that is being retried
     * (the daemon's activateInBackground at start, or an inspect, create or mount meanwhile): the plugin is a
     * warning, the other volumes are listed.
     */
    @Test
    void list_pluginDownWhileItsActivationIsRetried_warnsInsteadOfWaiting() throws Exception {
        startPlugin();
        open(Duration.ofSeconds(2));
        service.create(new CreateVolume("v", "fake", null, null, null));
        service.create(new CreateVolume("loc", "local", null, null, null));
        shutdown();
        plugin.close(); // plugin down at the daemon's start
        plugin = null;
        open(Duration.ofSeconds(8));
        plugins.activateInBackground(); // as Daemon.start does
        Thread.sleep(300);

        var l = service.list(FilterArgs.EMPTY);

        assertThat(l.volumes()).extracting(dev.berth.volume.Volume::name).contains("loc", "v");
        assertThat(l.warnings()).containsExactly("list fake: plugin \"fake\" is not answering its activation yet");
    }

    /** The same without an activation running: the plugin's own connection failure is the warning. */
    @Test
    void list_pluginDown_warnsWithTheConnectionFailure() throws Exception {
        startPlugin();
        open(Duration.ofSeconds(2));
        service.create(new CreateVolume("v", "fake", null, null, null));
        shutdown();
        plugin.close();
        plugin = null;
        open(Duration.ofSeconds(8));

        var l = service.list(FilterArgs.EMPTY);

        assertThat(l.volumes()).extracting(dev.berth.volume.Volume::name).contains("v");
        assertThat(l.warnings()).singleElement().asString().startsWith("list fake: ");
    }

    /** A spec file that names no usable address: every call fails with a NullPointerException, not its error. */
    @Test
    void badSpecFile_failsWithItsReason() throws Exception {
        startPlugin();
        Path spec = pluginDir().resolve("spec.spec");
        Files.writeString(spec, "unix://" + plugin.socket());
        open(Duration.ofSeconds(2));
        service.create(new CreateVolume("v", "spec", null, null, null));
        shutdown();
        Files.writeString(spec, "not a url"); // being rewritten, or broken by hand

        open(Duration.ofSeconds(2));
        assertThatThrownBy(() -> service.inspect("v"))
                .satisfies(e -> assertThat(e.getMessage()).as("the error's text").doesNotContain("because \"c\" is null"))
                .isNotInstanceOf(NullPointerException.class);
    }
}
