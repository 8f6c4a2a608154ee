package dev.berth.volume.plugin;

import dev.berth.it.FakeVolumePlugin;
import dev.berth.volume.driver.DriverVolume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Plugin mount ids across a daemon restart: restored without asking the plugin, unmounted at the stop. */
class PluginRestoreMountTest {

    @TempDir
    Path dir;
    private FakeVolumePlugin plugin;

    @BeforeEach
    void start() throws IOException {
        plugin = FakeVolumePlugin.onUnixSocket(dir.resolve("plugins/fake.sock"), dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        plugin.close();
    }

    private PluginDriver driver(Duration budget) {
        return new PluginDriver("fake", PluginDiscovery.in(dir.resolve("plugins")), budget);
    }

    /**
     * A container runs with a plugin volume (Mount id1), the daemon restarts, ContainerService.restore remounts with
     * the same id (as berth does) and that remount fails (plugin busy/down at start). When the container stops,
     * Unmount(id1) must still reach the plugin (Docker sends Unmount with the MountPoint's persisted ID).
     */
    @Test
    void afterRestart_mountRestoredWithoutThePlugin_unmountSentAtStop() {
        PluginDriver before = driver(Duration.ofSeconds(2));
        before.create("v", null).mount("id1");
        before.close();
        assertThat(plugin.activeMounts()).containsExactly(Map.entry("v", Set.of("id1")));

        // --- daemon restart ---
        PluginDriver after = driver(Duration.ofSeconds(2));
        DriverVolume restored = after.restore("v", 0);
        plugin.failNext("VolumeDriver.Mount", "busy");
        restored.restoreMount("id1"); // ContainerService.restore's remount: the plugin is not asked
        // --- the container stops ---
        restored.unmount("id1");

        assertThat(plugin.calls("VolumeDriver.Unmount")).as("Unmount calls at container stop").isEqualTo(1);
        assertThat(plugin.activeMounts()).as("plugin's active mounts after the container stopped").isEmpty();
        after.close();
    }

    /** After a restart berth sends Mount again for an id the plugin already counts (Docker does not). */
    @Test
    void afterRestart_restoredMountNotSentAgain() {
        PluginDriver before = driver(Duration.ofSeconds(2));
        before.create("v", null).mount("id1");
        before.close();
        PluginDriver after = driver(Duration.ofSeconds(2));
        after.restore("v", 0).restoreMount("id1");

        assertThat(plugin.requests("VolumeDriver.Mount")).as("Mount requests for the single mount id1").hasSize(1);
        after.close();
    }

    /** Daemon start with a running container on a plugin that is not up yet: restoring its mounts asks nothing. */
    @Test
    void restoreMount_withPluginDown_asksNothing() {
        plugin.close();
        PluginDrivers drivers = new PluginDrivers(PluginDiscovery.in(dir.resolve("plugins")), Duration.ofSeconds(4));
        PluginDriver d = drivers.handle("fake");
        for (String name : new String[] {"a", "b"}) {
            assertThat(d.restore(name, 0).restoreMount("id-" + name)).isEmpty();
        }
        drivers.close();
        assertThat(plugin.calls("Plugin.Activate")).isZero();
        assertThat(plugin.calls("VolumeDriver.Mount")).isZero();
    }
}
