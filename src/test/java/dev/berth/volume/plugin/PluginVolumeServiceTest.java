package dev.berth.volume.plugin;

import dev.berth.errors.BerthException;
import dev.berth.errors.NotFoundException;
import dev.berth.filter.FilterArgs;
import dev.berth.it.FakeVolumePlugin;
import dev.berth.store.Database;
import dev.berth.volume.CreateVolume;
import dev.berth.volume.MemoryDriver;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeList;
import dev.berth.volume.VolumeService;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.DriverVolume;
import dev.berth.volume.driver.LocalDriver;
import dev.berth.volume.driver.VolumeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VolumeService with plugin drivers against Docker's rules (reference §1.4-1.6, §5.1, §6), cases found in review. */
class PluginVolumeServiceTest {

    @TempDir
    Path dir;
    private FakeVolumePlugin plugin;
    private Database db;
    private LocalDriver local;
    private PluginDrivers plugins;
    private VolumeService service;

    private void open(DriverRegistry.PluginSource source) {
        db = Database.open(dir.resolve("meta.db"));
        local = LocalDriver.open(dir.resolve("volumes"));
        DriverRegistry drivers = new DriverRegistry();
        drivers.register(local);
        drivers.plugins(source);
        service = new VolumeService(drivers, db, (t, a, id, attrs) -> { });
        service.start();
    }

    private void openWithFake() throws Exception {
        plugin = FakeVolumePlugin.onUnixSocket(dir.resolve("plugins/fake.sock"), dir.resolve("data"));
        plugins = new PluginDrivers(PluginDiscovery.in(dir.resolve("plugins")), Duration.ofSeconds(2));
        open(plugins);
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
            local.close();
            db.close();
        }
        if (plugins != null) {
            plugins.close();
        }
        if (plugin != null) {
            plugin.close();
        }
    }

    /** Closes the service and opens it again on the same records and plugin (a daemon restart). */
    private void restart() {
        service.close();
        local.close();
        db.close();
        open(plugins);
    }

    /** The plugin removes first, then the record goes: a refusal keeps the volume with its labels. */
    @Test
    void remove_pluginRefuses_volumeKeptWithItsLabels_forcedDropsTheRecord() throws Exception {
        openWithFake();
        service.create(new CreateVolume("v", "fake", null, Map.of("keep", "me"), null));
        plugin.failNext("VolumeDriver.Remove", "busy");

        assertThatThrownBy(() -> service.remove("v", false)).hasMessage("remove v: busy");
        restart();
        assertThat(service.inspect("v").labels()).containsExactly(Map.entry("keep", "me"));
        assertThat(plugin.volumes()).contains("v");

        plugin.failNext("VolumeDriver.Remove", "busy");
        assertThatThrownBy(() -> service.remove("v", true)).hasMessage("remove v: busy");
        restart();
        // Docker's purge: the record is gone; the plugin, which kept the volume, still lists it (without labels).
        assertThat(service.list(FilterArgs.EMPTY).volumes()).extracting(Volume::name, Volume::labels)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v", null));
    }

    /** §1.4: "found references to volume '<name>' in driver '<d>' but the volume was not found in the driver". */
    @Test
    void staleReferencedVolume_conflictTextIsDockers() throws Exception {
        openWithFake();
        service.create(new CreateVolume("v", "fake", null, null, "c1"));
        plugin.deleteOutOfBand("v");

        assertThatThrownBy(() -> service.create(new CreateVolume("v", "fake", null, null, null)))
                .hasMessage("create v: found references to volume 'v' in driver 'fake' but the volume was not found"
                        + " in the driver -- you may need to remove containers referencing this volume or force"
                        + " remove the volume to re-create it: volume name must be unique");
    }

    /**
     * §1.5 step 3 (and CreateVolume's own javadoc): with no driver given, every driver is probed for an existing
     * volume of that name before defaulting to local.
     */
    @Test
    void createWithoutDriver_findsThePluginsVolume() throws Exception {
        openWithFake();
        // another host (or another daemon) made "shared" on the plugin
        PluginDriver elsewhere = new PluginDriver("fake", PluginDiscovery.in(dir.resolve("plugins")),
                Duration.ofSeconds(2));
        elsewhere.create("shared", null);
        elsewhere.close();

        Volume v = service.create(CreateVolume.named("shared"));

        assertThat(v.driver()).as("driver of 'docker volume create shared'").isEqualTo("fake");
    }

    /**
     * §1.6 + Docker's getVolume: remove first looks the volume up in its driver; one the plugin lost is purged and
     * the answer is 404 "get v: no such volume" (204 with force).
     */
    @Test
    void removeOfAVolumeThePluginLost_notFound() throws Exception {
        openWithFake();
        service.create(new CreateVolume("v", "fake", null, null, null));
        plugin.deleteOutOfBand("v");

        Throwable t = null;
        try {
            service.remove("v", false);
        } catch (Throwable e) {
            t = e;
        }
        assertThat(t).isInstanceOf(NotFoundException.class).hasMessage("get v: no such volume");
    }

    @Test
    void forcedRemoveOfAVolumeThePluginLost_succeeds() throws Exception {
        openWithFake();
        service.create(new CreateVolume("v", "fake", null, null, null));
        plugin.deleteOutOfBand("v");

        Throwable t = null;
        try {
            service.remove("v", true);
        } catch (Throwable e) {
            t = e;
        }
        assertThat(t).as("docker volume rm -f of a volume its plugin lost").isNull();
    }

    /** Docker's list shows the Mountpoint the plugin's List answered (volumeAdapter.eMount, cached path). */
    @Test
    void list_showsTheMountpointThePluginListed() throws Exception {
        openWithFake();
        Volume created = service.create(new CreateVolume("v", "fake", null, null, null));

        VolumeList l = service.list(FilterArgs.EMPTY);
        Volume v = l.volumes().stream().filter(x -> x.name().equals("v")).findFirst().orElseThrow();

        assertThat(v.mountpoint()).isEqualTo(plugin.mountpoint("v").toString());
    }

    // --------------------------------------------------------------------------------------------------------
    // List adoption racing a remove: the plugin's answer was made before the remove; adopt runs after it and
    // puts the removed volume back into memory (Docker's store.List never populates the cache for this reason).
    // --------------------------------------------------------------------------------------------------------

    @Test
    void listRacingARemove_doesNotBringTheVolumeBack() throws Exception {
        SlowListDriver slow = new SlowListDriver();
        open(new DriverRegistry.PluginSource() {
            @Override
            public Optional<VolumeDriver> find(String name) {
                return name.equals("slow") ? Optional.of(slow) : Optional.empty();
            }

            @Override
            public VolumeDriver handle(String name) {
                return name.equals("slow") ? slow : null;
            }

            @Override
            public List<VolumeDriver> listable() {
                return List.of(slow);
            }
        });
        service.create(new CreateVolume("v", "slow", null, null, null));
        slow.armed = true;
        Thread lister = Thread.ofPlatform().start(() -> service.list(FilterArgs.EMPTY));
        assertThat(slow.snapshotTaken.await(5, TimeUnit.SECONDS)).isTrue();
        service.remove("v", false); // completes: the driver no longer has v
        slow.proceed.countDown();
        lister.join(5000);

        slow.armed = false;
        assertThat(slow.get("v")).isEmpty();
        // v was removed and its driver does not have it: it must be unknown now
        Throwable t = null;
        try {
            service.acquire("v", "c1"); // docker run -v v:/x without --volume-driver would use this ghost
        } catch (BerthException e) {
            t = e;
        }
        assertThat(t).as("acquire of a removed volume").isInstanceOf(NotFoundException.class);
    }

    /** A plugin-like driver whose List answer is made, then delivered late. */
    static final class SlowListDriver extends MemoryDriver {
        final CountDownLatch snapshotTaken = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        volatile boolean armed;

        SlowListDriver() {
            super("slow");
        }

        @Override
        public List<DriverVolume> list() {
            List<DriverVolume> snapshot = super.list();
            if (armed) {
                snapshotTaken.countDown();
                try {
                    proceed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return snapshot;
        }
    }
}
