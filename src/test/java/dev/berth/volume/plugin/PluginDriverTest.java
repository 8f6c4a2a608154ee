package dev.berth.volume.plugin;

import dev.berth.errors.NotFoundException;
import dev.berth.it.FakeVolumePlugin;
import dev.berth.volume.driver.DriverVolume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PluginDriver} against a fake plugin speaking Docker's volume plugin protocol. */
class PluginDriverTest {

    @TempDir
    Path dir;
    private FakeVolumePlugin plugin;
    private PluginDriver driver;

    @BeforeEach
    void start() throws IOException {
        plugin = FakeVolumePlugin.onUnixSocket(dir.resolve("plugins/fake.sock"), dir.resolve("data"));
        driver = new PluginDriver("fake", PluginDiscovery.in(dir.resolve("plugins")), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        driver.close();
        plugin.close();
    }

    @Test
    void activation_onceWithDockersAcceptHeader_thenScopeFromCapabilities() {
        assertThat(driver.scope()).isEqualTo("local");
        driver.list();
        driver.list();

        assertThat(plugin.calls("Plugin.Activate")).isEqualTo(1);
        assertThat(plugin.calls("VolumeDriver.Capabilities")).isEqualTo(1);
        assertThat(driver.scope()).isEqualTo("global");
        assertThat(plugin.acceptHeaders()).containsOnly("application/vnd.docker.plugins.v1.2+json");
        assertThat(plugin.requests("Plugin.Activate").getFirst().isNull()).isTrue();
        assertThat(plugin.requests("VolumeDriver.List").getFirst().toString()).isEqualTo("{}");
    }

    @Test
    void capabilitiesMissing_scopeLocal() {
        plugin.scope(null);
        driver.activate(true);

        assertThat(driver.scope()).isEqualTo("local");
    }

    @Test
    void pluginOfAnotherKind_refusedWithDockersText_andNotAskedAgain() {
        plugin.implementsList(List.of("NetworkDriver"));

        assertThatThrownBy(() -> driver.create("v", null)).isInstanceOf(PluginException.class)
                .hasMessage("Plugin does not implement the requested driver: plugin=\"fake\","
                        + " requested implementation=\"VolumeDriver\"");
        assertThat(driver.listNow()).isEmpty();
        assertThat(plugin.calls("Plugin.Activate")).isEqualTo(1);
    }

    @Test
    void create_asksGetFirst_thenCreatesWithItsOptions() {
        DriverVolume v = driver.create("v1", Map.of("size", "1g"));

        assertThat(plugin.volumes()).containsExactly("v1");
        assertThat(plugin.options("v1")).containsExactly(Map.entry("size", "1g"));
        assertThat(plugin.calls("VolumeDriver.Get")).isEqualTo(1);
        assertThat(plugin.requests("VolumeDriver.Create").getFirst().toString())
                .isEqualTo("{\"Name\":\"v1\",\"Opts\":{\"size\":\"1g\"}}");
        // As dockerd 20.10 reports a new volume: no mount point (it never asks Path), the zero time.
        assertThat(v.path()).isEmpty();
        assertThat(plugin.calls("VolumeDriver.Path")).isZero();
        assertThat(v.createdAtSeconds()).isEqualTo(PluginDriver.ZERO_TIME);
    }

    @Test
    void create_ofAVolumeThePluginHas_doesNotCreate() {
        driver.create("v1", null);
        plugin.resetCounts();

        DriverVolume again = driver.create("v1", Map.of("a", "b"));

        assertThat(plugin.calls("VolumeDriver.Create")).isZero();
        assertThat(again.path()).isEqualTo(plugin.mountpoint("v1").toString());
        assertThat(plugin.options("v1")).isNull();
    }

    @Test
    void create_nullOptions_sentAsNull() {
        driver.create("v2", null);

        assertThat(plugin.requests("VolumeDriver.Create").getFirst().toString())
                .isEqualTo("{\"Name\":\"v2\",\"Opts\":null}");
    }

    @Test
    void mountAndUnmount_eachIdOnce_mountpointKept() {
        DriverVolume v = driver.create("m", null);

        String p = v.mount("id1");
        assertThat(v.mount("id1")).isEqualTo(p);
        v.mount("id2");
        assertThat(p).isEqualTo(plugin.mountpoint("m").toString());
        assertThat(v.path()).isEqualTo(p);
        assertThat(plugin.calls("VolumeDriver.Mount")).isEqualTo(2);
        assertThat(plugin.activeMounts()).containsExactly(Map.entry("m", java.util.Set.of("id1", "id2")));

        v.unmount("id1");
        v.unmount("id1");
        v.unmount("unknown");
        assertThat(plugin.calls("VolumeDriver.Unmount")).isEqualTo(1);
        v.unmount("id2");
        assertThat(plugin.activeMounts()).isEmpty();
    }

    @Test
    void mount_answeredWithoutAnAbsolutePath_refused_andGivenBack() {
        DriverVolume v = driver.create("bad", null);
        plugin.failNextHttp("VolumeDriver.Mount", 200, "{\"Mountpoint\":\"\",\"Err\":\"\"}");
        assertThatThrownBy(() -> v.mount("id1")).isInstanceOf(PluginException.class)
                .hasMessage("VolumeDriver.Mount: the plugin answered no mount point");
        plugin.failNextHttp("VolumeDriver.Mount", 200, "{\"Mountpoint\":\"rel/dir\"}");
        assertThatThrownBy(() -> v.mount("id1"))
                .hasMessage("VolumeDriver.Mount: the plugin answered a relative mount point: rel/dir");

        assertThat(plugin.calls("VolumeDriver.Unmount")).isEqualTo(2);
        assertThat(v.mount("id1")).isEqualTo(plugin.mountpoint("bad").toString());
    }

    @Test
    void status_fromGet_withCreationTimeAndMountpoint() {
        plugin.status(Map.of("hello", "world"));
        DriverVolume v = driver.create("s", null);

        assertThat(v.status()).containsExactly(Map.entry("hello", "world"));
        assertThat(v.path()).isEqualTo(plugin.mountpoint("s").toString());
        assertThat(v.createdAtSeconds()).isGreaterThan(1_700_000_000L);
    }

    @Test
    void get_nullVolume_isNoVolume_andStatusIsNotFound() {
        DriverVolume v = driver.create("n", null);
        plugin.getAnswersNullVolume(true);

        assertThat(driver.get("n")).isEmpty();
        assertThatThrownBy(v::status).isInstanceOf(NotFoundException.class).hasMessage("no such volume");
    }

    @Test
    void errors_errTextAlone_otherStatusWithMethod() {
        plugin.failNext("VolumeDriver.Create", "disk on fire");
        assertThatThrownBy(() -> driver.create("e", null)).isInstanceOf(PluginException.class)
                .hasMessage("disk on fire");

        plugin.failNextHttp("VolumeDriver.Create", 500, "{\"Err\":\"quota exceeded\"}");
        assertThatThrownBy(() -> driver.create("e", null)).hasMessage("VolumeDriver.Create: quota exceeded");

        plugin.failNextHttp("VolumeDriver.Create", 500, "boom");
        assertThatThrownBy(() -> driver.create("e", null)).hasMessage("VolumeDriver.Create: boom");

        driver.create("e", null);
        plugin.failNext("VolumeDriver.Remove", "busy");
        assertThatThrownBy(() -> driver.remove(driver.get("e").orElseThrow())).hasMessage("busy");
        assertThat(plugin.volumes()).contains("e");
    }

    @Test
    void chunkedAnswers_read() {
        plugin.chunked(true);
        driver.create("c", null);

        assertThat(driver.list()).extracting(DriverVolume::name).containsExactly("c");
    }

    @Test
    void list_withMountpoints() {
        driver.create("a", null);
        driver.create("b", null);

        assertThat(driver.list()).extracting(DriverVolume::name, DriverVolume::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", plugin.mountpoint("a").toString()),
                        org.assertj.core.groups.Tuple.tuple("b", plugin.mountpoint("b").toString()));
    }

    @Test
    void pluginDown_listNowFailsAtOnce_withGosDialText() throws IOException {
        plugin.close();

        assertThatThrownBy(driver::listNow).isInstanceOf(PluginException.class)
                .hasMessage("plugin \"fake\" not found");
        // A socket file nobody listens on: connection refused, not retried.
        Files.createDirectories(dir.resolve("plugins"));
        try (var s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("plugins/fake.sock")));
        }
        assertThatThrownBy(driver::listNow).isInstanceOf(PluginException.class)
                .hasMessage("Post \"http://" + java.net.URLEncoder.encode(dir.resolve("plugins/fake.sock").toString(),
                        java.nio.charset.StandardCharsets.UTF_8) + "/Plugin.Activate\": dial unix "
                        + dir.resolve("plugins/fake.sock") + ": connect: connection refused")
                .matches(e -> ((PluginException) e).unreachable());
    }

    @Test
    void pluginStartingLate_callsRetryUntilItAnswers() throws Exception {
        plugin.close();
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(500);
                plugin = FakeVolumePlugin.onUnixSocket(dir.resolve("plugins/fake.sock"), dir.resolve("data"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // The socket appears between the first attempt and the retry 1 s later.
        DriverVolume v = driver.create("late", null);
        late.join();

        assertThat(v.name()).isEqualTo("late");
        assertThat(plugin.volumes()).containsExactly("late");
    }

    @Test
    void restored_volume_notAskedOfThePlugin() {
        DriverVolume v = driver.restore("r", 1_700_000_000L);

        assertThat(v.path()).isEmpty();
        assertThat(v.createdAtSeconds()).isEqualTo(1_700_000_000L);
        assertThat(plugin.calls("Plugin.Activate")).isZero();
    }
}
