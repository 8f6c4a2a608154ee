package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.http.HttpConnection;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes on a legacy volume plugin (Docker's {@code VolumeDriver} protocol) through the stock docker CLI: the
 * plugin is found in the daemon's plugin directory, activated once, asked for each create, mount, unmount, list,
 * inspect and remove, and its volumes hold what containers write. After Docker's
 * {@code docker_cli_external_volume_driver_test.go}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumePluginIT {

    private static final String IMG = "plugin-it:latest";

    TestDaemon d;
    FakeVolumePlugin plugin;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard()
                .dir("seed", 0755, 0, 0)
                .file("seed/from-image", "image content", 0644, 0, 0)
                .importInto(d, IMG, "VOLUME /seed");
    }

    @BeforeEach
    void startPlugin() throws IOException {
        plugin = FakeVolumePlugin.onUnixSocket(d.config().pluginDir().resolve("fake.sock"),
                d.dataRoot().getParent().resolve("plugin-data"));
        plugin.status(Map.of("hello", "world"));
    }

    @AfterEach
    void stopPlugin() {
        plugin.close();
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private JsonNode inspect(String name) throws IOException {
        return Json.MAPPER.readTree(d.dockerOk("volume", "inspect", name).out()).get(0);
    }

    /** Creates a volume in the plugin behind the daemon's back. */
    private void createInPlugin(String name) throws IOException {
        try (HttpConnection c = new HttpConnection(UnixDomainSocketAddress.of(plugin.socket()), "",
                HttpConnection.headers("Host", "plugin"))) {
            assertThat(c.postJson("/VolumeDriver.Create", ("{\"Name\":\"" + name + "\"}")
                    .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        }
    }

    @Test
    void create_inspect_ls_rm_allThroughThePlugin() throws IOException {
        Proc.Result r = d.dockerOk("volume", "create", "-d", "fake", "--label", "l=x", "-o", "size=1g", "pv1");
        assertThat(r.outTrim()).isEqualTo("pv1");
        assertThat(plugin.volumes()).contains("pv1");
        assertThat(plugin.options("pv1")).containsExactly(Map.entry("size", "1g"));
        // Activated once in the daemon's life (maybe by an earlier test, with an earlier fake on this socket).
        assertThat(plugin.calls("Plugin.Activate")).isLessThanOrEqualTo(1);

        JsonNode v = inspect("pv1");
        assertThat(v.get("Driver").asText()).isEqualTo("fake");
        assertThat(v.get("Scope").asText()).isEqualTo("global");
        assertThat(v.get("Mountpoint").asText()).isEqualTo(plugin.mountpoint("pv1").toString());
        assertThat(v.get("Status")).isEqualTo(Json.MAPPER.readTree("{\"hello\":\"world\"}"));
        assertThat(v.get("Labels")).isEqualTo(Json.MAPPER.readTree("{\"l\":\"x\"}"));
        assertThat(v.get("Options")).isEqualTo(Json.MAPPER.readTree("{\"size\":\"1g\"}"));
        assertThat(v.get("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        assertThat(d.dockerOk("volume", "ls", "--filter", "driver=fake", "--format", "{{.Driver}} {{.Name}}").lines())
                .contains("fake pv1");

        d.dockerOk("volume", "rm", "pv1");
        assertThat(plugin.volumes()).doesNotContain("pv1");
        assertThat(plugin.requests("VolumeDriver.Remove")).extracting(n -> n.get("Name").asText()).contains("pv1");
        assertThat(d.docker("volume", "inspect", "pv1").err()).contains("get pv1: no such volume");
    }

    @Test
    void apiShapes_asDockerd() throws IOException {
        // Create answers nothing about the volume: no mount point, the zero time (dockerd 20.10, measured).
        HttpConnection.Response created = d.client().postJson("/volumes/create",
                "{\"Name\":\"shape\",\"Driver\":\"fake\",\"Labels\":{\"l\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(created.body())).isEqualTo(Json.MAPPER.readTree(
                "{\"CreatedAt\":\"0001-01-01T00:00:00Z\",\"Driver\":\"fake\",\"Labels\":{\"l\":\"x\"},"
                        + "\"Mountpoint\":\"\",\"Name\":\"shape\",\"Options\":null,\"Scope\":\"global\"}"));

        // A list shows the plugin's mount point and the zero time, with the daemon's labels.
        JsonNode listed = null;
        for (JsonNode v : Json.MAPPER.readTree(d.client().get("/volumes").body()).get("Volumes")) {
            if (v.get("Name").asText().equals("shape")) {
                listed = v;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("Mountpoint").asText()).isEqualTo(plugin.mountpoint("shape").toString());
        assertThat(listed.get("CreatedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(listed.get("Labels")).isEqualTo(Json.MAPPER.readTree("{\"l\":\"x\"}"));
        assertThat(listed.has("Status")).isFalse();

        // A Get that fails is "no such volume" (the plugin's text is not shown).
        plugin.failNext("VolumeDriver.Get", "get exploded");
        HttpConnection.Response missing = d.client().get("/volumes/shape");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).get("message").asText()).isEqualTo("get shape: no such volume");
        d.dockerOk("volume", "rm", "shape");
    }

    @Test
    void run_mountsThroughThePlugin_oneIdPerMount_unmountedAfter() throws IOException {
        d.dockerOk("run", "--rm", "-v", "pv2:/data", "--volume-driver", "fake", IMG,
                "sh", "-c", "echo written > /data/f");

        assertThat(plugin.mountpoint("pv2").resolve("f")).hasContent("written");
        List<JsonNode> mounts = plugin.requests("VolumeDriver.Mount");
        List<JsonNode> unmounts = plugin.requests("VolumeDriver.Unmount");
        assertThat(mounts).isNotEmpty().allSatisfy(m -> assertThat(m.get("ID").asText()).matches("[0-9a-f]{64}"));
        assertThat(unmounts).extracting(u -> u.get("ID").asText())
                .containsExactlyInAnyOrderElementsOf(mounts.stream().map(m -> m.get("ID").asText()).toList());
        assertThat(plugin.activeMounts()).isEmpty();
        // --rm removes anonymous volumes only: the named one stays, in the plugin and in the daemon.
        assertThat(plugin.volumes()).contains("pv2");
        assertThat(inspect("pv2").get("Driver").asText()).isEqualTo("fake");

        d.dockerOk("run", "--rm", "--mount", "type=volume,src=pv3,dst=/d,volume-driver=fake", IMG,
                "sh", "-c", "cat /d/../d/. >/dev/null 2>&1; echo again > /d/g");
        assertThat(plugin.mountpoint("pv3").resolve("g")).hasContent("again");
        d.dockerOk("volume", "rm", "pv2", "pv3");
    }

    @Test
    void imageContent_copiedIntoAnEmptyPluginVolume() {
        d.dockerOk("run", "--rm", "-v", "pvseed:/seed", "--volume-driver", "fake", IMG, "true");

        assertThat(plugin.mountpoint("pvseed").resolve("from-image")).hasContent("image content");
        assertThat(plugin.activeMounts()).isEmpty();
        d.dockerOk("volume", "rm", "pvseed");
    }

    @Test
    void anonymousVolume_onThePlugin_removedWithRmV() throws IOException {
        // --volume-driver applies to every anonymous volume: -v /anon and the image's VOLUME /seed.
        String id = d.dockerOk("create", "--volume-driver", "fake", "-v", "/anon", IMG, "true").outTrim();
        Map<String, JsonNode> byDestination = new java.util.TreeMap<>();
        for (JsonNode m : Json.MAPPER.readTree(d.dockerOk("inspect", "--format", "{{json .Mounts}}", id).out())) {
            byDestination.put(m.get("Destination").asText(), m);
        }
        assertThat(byDestination).containsOnlyKeys("/anon", "/seed");
        Set<String> anonymous = new java.util.TreeSet<>();
        for (JsonNode m : byDestination.values()) {
            assertThat(m.get("Type").asText()).isEqualTo("volume");
            assertThat(m.get("Driver").asText()).isEqualTo("fake");
            assertThat(m.get("Name").asText()).matches("[0-9a-f]{64}");
            anonymous.add(m.get("Name").asText());
        }
        assertThat(plugin.volumes()).containsAll(anonymous);

        d.dockerOk("rm", "-v", id);

        assertThat(plugin.volumes()).doesNotContainAnyElementsOf(anonymous);
        for (String anon : anonymous) {
            assertThat(d.docker("volume", "inspect", anon).exitCode()).isNotZero();
        }
    }

    @Test
    void pluginErrors_reachTheUser() {
        plugin.failNext("VolumeDriver.Create", "disk on fire");
        Proc.Result r = d.docker("volume", "create", "-d", "fake", "bad");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: create bad: disk on fire\n");
        assertThat(d.docker("volume", "inspect", "bad").exitCode()).isNotZero();

        r = d.docker("volume", "create", "-d", "nosuch", "x");
        assertThat(r.err()).isEqualTo("Error response from daemon: create x: error looking up volume plugin nosuch:"
                + " plugin \"nosuch\" not found\n");
    }

    @Test
    void mountFailure_containerDoesNotStart_andNothingIsUnmounted() {
        d.dockerOk("volume", "create", "-d", "fake", "pvm");
        plugin.resetCounts();
        plugin.failNext("VolumeDriver.Mount", "device busy");

        Proc.Result r = d.docker("run", "--rm", "-v", "pvm:/m", IMG, "true");

        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).startsWith("docker: Error response from daemon: error while mounting volume '': device busy");
        assertThat(plugin.calls("VolumeDriver.Unmount")).isZero();
        d.dockerOk("volume", "rm", "pvm");
    }

    @Test
    void volumesThePluginHas_listedAndUsable_evenWhenMadeElsewhere() throws IOException {
        // Made by someone else (another host, for a global driver): the daemon never created it.
        createInPlugin("elsewhere");

        assertThat(d.dockerOk("volume", "ls", "--format", "{{.Driver}} {{.Name}}").lines()).contains("fake elsewhere");
        assertThat(inspect("elsewhere").get("Driver").asText()).isEqualTo("fake");
        d.dockerOk("run", "--rm", "-v", "elsewhere:/e", IMG, "sh", "-c", "echo here > /e/h");
        assertThat(plugin.mountpoint("elsewhere").resolve("h")).hasContent("here");
        d.dockerOk("volume", "rm", "elsewhere");
        assertThat(plugin.volumes()).doesNotContain("elsewhere");
    }

    @Test
    void deletedOutOfBand_nameFreeForAnotherDriver() throws IOException {
        d.dockerOk("volume", "create", "-d", "fake", "oob");
        plugin.deleteOutOfBand("oob");

        d.dockerOk("volume", "create", "oob");

        assertThat(inspect("oob").get("Driver").asText()).isEqualTo("local");
        d.dockerOk("volume", "rm", "oob");
    }

    @Test
    void nameTakenByThePlugin_conflictForAnotherDriver() {
        d.dockerOk("volume", "create", "-d", "fake", "taken");

        Proc.Result r = d.docker("volume", "create", "-d", "local", "taken");

        assertThat(r.err()).isEqualTo("Error response from daemon: create taken: driver 'fake' already has volume"
                + " 'taken': volume name must be unique\n");
        d.dockerOk("volume", "rm", "taken");
    }

    @Test
    void prune_leavesPluginVolumes() {
        d.dockerOk("volume", "create", "-d", "fake", "kept");

        d.dockerOk("volume", "prune", "-a", "-f");

        assertThat(plugin.volumes()).contains("kept");
        assertThat(plugin.calls("VolumeDriver.Remove")).isZero();
        d.dockerOk("volume", "rm", "kept");
    }

    @Test
    void pluginDown_lsStillListsItsKnownVolumes_andOthers() throws IOException {
        d.dockerOk("volume", "create", "-d", "fake", "known");
        d.dockerOk("volume", "create", "localone");
        plugin.close();

        Proc.Result r = d.dockerOk("volume", "ls", "--format", "{{.Driver}} {{.Name}}");
        assertThat(r.lines()).contains("fake known", "local localone");
        HttpConnection.Response raw = d.client().get("/volumes");
        JsonNode warnings = Json.MAPPER.readTree(raw.body()).get("Warnings");
        assertThat(warnings.get(0).asText()).startsWith("list fake: ");

        // Back, with the volume (this fake keeps its volumes in memory only).
        plugin = FakeVolumePlugin.onUnixSocket(d.config().pluginDir().resolve("fake.sock"),
                d.dataRoot().getParent().resolve("plugin-data"));
        createInPlugin("known");
        d.dockerOk("volume", "rm", "known", "localone");
        assertThat(plugin.volumes()).doesNotContain("known");
    }

    @Test
    void pluginOfAnotherKind_notAVolumeDriver() throws IOException {
        try (FakeVolumePlugin net = FakeVolumePlugin.onUnixSocket(d.config().pluginDir().resolve("netonly.sock"),
                d.dataRoot().getParent().resolve("net-data"))) {
            net.implementsList(List.of("NetworkDriver"));

            Proc.Result r = d.docker("volume", "create", "-d", "netonly", "nv");
            assertThat(r.err()).isEqualTo("Error response from daemon: create nv: Plugin does not implement the"
                    + " requested driver: plugin=\"netonly\", requested implementation=\"VolumeDriver\"\n");
            // A list is not disturbed by it.
            JsonNode list = Json.MAPPER.readTree(d.client().get("/volumes").body());
            assertThat(list.get("Warnings").isNull()).isTrue();
        }
        Files.deleteIfExists(d.config().pluginDir().resolve("netonly.sock"));
    }

    @Test
    void restart_pluginVolumesKept_andUsable() throws Exception {
        try (TestDaemon p = TestDaemon.subprocess();
             FakeVolumePlugin own = FakeVolumePlugin.onUnixSocket(p.config().pluginDir().resolve("fake.sock"),
                     p.dataRoot().getParent().resolve("plugin-data"))) {
            p.dockerOk("volume", "create", "-d", "fake", "--label", "keep=1", "survivor");
            own.resetCounts();

            p.stopProcess();
            p.startProcess();

            assertThat(p.dockerOk("volume", "ls", "--format", "{{.Driver}} {{.Name}} {{.Labels}}").lines())
                    .contains("fake survivor keep=1");
            JsonNode v = Json.MAPPER.readTree(p.dockerOk("volume", "inspect", "survivor").out()).get(0);
            assertThat(v.get("Scope").asText()).isEqualTo("global");
            p.dockerOk("volume", "rm", "survivor");
            assertThat(own.volumes()).doesNotContain("survivor");
        }
    }
}
