package dev.berth.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateVolumeResponse;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PruneResponse;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumeOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clients Java users already have, pointed at berthd: docker-java's volume commands and Testcontainers'
 * containers with named volumes, anonymous volumes, host binds and tmpfs, on a busybox image imported through
 * berth's API (no registry, no Ryuk, no image checks: the failsafe configuration sets Testcontainers' environment).
 * Testcontainers keeps one client per JVM, so this class is the only one that uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaClientsIT {

    static final String IMAGE = "berth-it/busybox:1.0";

    TestDaemon d;
    DockerClient client;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard().importInto(d, IMAGE);
        System.setProperty(BerthHostStrategy.PROPERTY, d.host());
        client = DockerClientFactory.instance().client();
    }

    @AfterAll
    void stop() {
        System.clearProperty(BerthHostStrategy.PROPERTY);
        if (d != null) {
            d.close();
        }
    }

    private GenericContainer<?> oneShot(String script) {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand("sh", "-c", script)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)));
    }

    /** Runs the container to its end (exit 0 required by the startup check) and returns its output. */
    private static String run(GenericContainer<?> c) {
        try (c) {
            c.start();
            return c.getLogs();
        }
    }

    @Test
    void dockerJava_volumeCommands() {
        CreateVolumeResponse created = client.createVolumeCmd().withName("dj-one")
                .withLabels(Map.of("app", "dj", "tier", "a")).exec();
        assertThat(created.getName()).isEqualTo("dj-one");
        assertThat(created.getDriver()).isEqualTo("local");
        assertThat(created.getMountpoint()).isEqualTo(d.dataRoot().resolve("volumes/dj-one/_data").toString());
        assertThat(created.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "dj", "tier", "a"));
        assertThat(Path.of(created.getMountpoint())).isDirectory();

        // Creating it again is idempotent; another name carries options.
        assertThat(client.createVolumeCmd().withName("dj-one").exec().getName()).isEqualTo("dj-one");
        client.createVolumeCmd().withName("dj-two").withLabels(Map.of("app", "dj"))
                .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m")).exec();

        InspectVolumeResponse inspected = client.inspectVolumeCmd("dj-two").exec();
        assertThat(inspected.getOptions()).containsEntry("type", "tmpfs").containsEntry("o", "size=1m");
        assertThat(inspected.getLabels()).containsExactly(Map.entry("app", "dj"));

        assertThat(client.listVolumesCmd().withFilter("label", List.of("app=dj")).exec().getVolumes())
                .extracting(InspectVolumeResponse::getName).containsExactlyInAnyOrder("dj-one", "dj-two");
        assertThat(client.listVolumesCmd().withFilter("label", List.of("tier")).exec().getVolumes())
                .extracting(InspectVolumeResponse::getName).containsExactly("dj-one");
        assertThat(client.listVolumesCmd().withFilter("name", List.of("dj-t")).exec().getVolumes())
                .extracting(InspectVolumeResponse::getName).containsExactly("dj-two");
        assertThat(client.listVolumesCmd().withDanglingFilter(true).withFilter("label", List.of("app=dj"))
                .exec().getVolumes()).hasSize(2);

        assertThatThrownBy(() -> client.inspectVolumeCmd("dj-missing").exec())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("get dj-missing: no such volume");
        assertThatThrownBy(() -> client.createVolumeCmd().withName("bad/name").exec())
                .isInstanceOf(BadRequestException.class)
                .hasMessage("Status 400: {\"message\":\"create bad/name: \\\"bad/name\\\" includes invalid characters"
                        + " for a local volume name, only \\\"[a-zA-Z0-9][a-zA-Z0-9_.-]\\\" are allowed. If you intended"
                        + " to pass a host directory, use absolute path\"}\n");
        assertThatThrownBy(() -> client.listVolumesCmd().withFilter("colour", List.of("red")).exec())
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid filter 'colour'");

        client.removeVolumeCmd("dj-one").exec();
        client.removeVolumeCmd("dj-two").exec();
        assertThatThrownBy(() -> client.removeVolumeCmd("dj-one").exec()).isInstanceOf(NotFoundException.class);
        assertThat(client.listVolumesCmd().withFilter("label", List.of("app=dj")).exec().getVolumes()).isEmpty();
    }

    @Test
    void dockerJava_prune_anonymousOnlyAtItsApiVersion() {
        String anonymous = client.createVolumeCmd().withLabels(Map.of("prune", "dj")).exec().getName();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        client.createVolumeCmd().withName("dj-named").withLabels(Map.of("prune", "dj")).exec();

        PruneResponse first = client.pruneCmd(PruneType.VOLUMES).withLabelFilter("prune=dj").exec();
        assertThat(first.getSpaceReclaimed()).isZero();
        assertThat(client.listVolumesCmd().withFilter("label", List.of("prune=dj")).exec().getVolumes())
                .extracting(InspectVolumeResponse::getName).containsExactly("dj-named");

        // docker-java has no way to send prune's "all" filter; the named volume goes by name.
        client.removeVolumeCmd("dj-named").exec();
    }

    @Test
    void dockerJava_volumeEvents_sinceUntil_filtered() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        client.createVolumeCmd().withName("dj-ev").withLabels(Map.of("ev", "1")).exec();
        client.createVolumeCmd().withName("dj-ev-other").exec();
        client.removeVolumeCmd("dj-ev").exec();
        client.removeVolumeCmd("dj-ev-other").exec();
        String until = Long.toString(System.currentTimeMillis() / 1000 + 1);

        List<Event> created = events(client.eventsCmd().withSince(Long.toString(since)).withUntil(until)
                .withEventTypeFilter(EventType.VOLUME).withEventFilter("create"));
        assertThat(created).filteredOn(e -> e.getActor().getId().startsWith("dj-ev"))
                .extracting(e -> e.getType().getValue() + " " + e.getAction() + " " + e.getActor().getId())
                .containsExactly("volume create dj-ev", "volume create dj-ev-other");
        assertThat(created.getFirst().getActor().getAttributes()).isEqualTo(Map.of("driver", "local"));
        assertThat(created.getFirst().getTimeNano()).isGreaterThanOrEqualTo(since * 1_000_000_000L);

        assertThat(events(client.eventsCmd().withSince(Long.toString(since)).withUntil(until)
                .withEventTypeFilter(EventType.VOLUME).withEventFilter("destroy")))
                .filteredOn(e -> e.getActor().getId().startsWith("dj-ev"))
                .extracting(Event::getAction).containsExactly("destroy", "destroy");
        // As in Docker, a volume event's attributes are its driver only: a label filter matches none of them.
        assertThat(events(client.eventsCmd().withSince(Long.toString(since)).withUntil(until)
                .withEventTypeFilter(EventType.VOLUME).withLabelFilter(Map.of("ev", "1")))).isEmpty();
    }

    /** Reads a bounded (until) event stream to its end. */
    private static List<Event> events(EventsCmd cmd) throws InterruptedException {
        List<Event> seen = new CopyOnWriteArrayList<>();
        boolean ended = cmd.exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event event) {
                seen.add(event);
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(ended).as("the event stream ends at until").isTrue();
        return seen;
    }

    @Test
    void namedVolume_sharedBetweenContainers_writtenRw_readRo_andKept() {
        client.createVolumeCmd().withName("tc-shared").exec();
        String wrote = run(oneShot("echo hello > /data/greeting && cat /data/greeting")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMounts(List.of(
                        new Mount().withType(MountType.VOLUME).withSource("tc-shared").withTarget("/data")))));
        assertThat(wrote).isEqualTo("hello\n");

        String read = run(oneShot("cat /data/greeting; touch /data/other 2>/dev/null || echo read-only")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        new Bind("tc-shared", new Volume("/data"), AccessMode.ro))));
        assertThat(read).isEqualTo("hello\nread-only\n");

        // Testcontainers removes its containers with v=true: a named volume stays, with its data.
        InspectVolumeResponse v = client.inspectVolumeCmd("tc-shared").exec();
        assertThat(Path.of(v.getMountpoint(), "greeting")).hasContent("hello");
        assertThat(Path.of(v.getMountpoint(), "other")).doesNotExist();
        assertThat(client.listVolumesCmd().withDanglingFilter(true).exec().getVolumes())
                .extracting(InspectVolumeResponse::getName).contains("tc-shared");
        client.removeVolumeCmd("tc-shared").exec();
    }

    @Test
    void volumeCreatedOnFirstMount_withLabelsAndDriverOptions_fromTheMount() {
        String out = run(oneShot("grep ' /opts ' /proc/mounts | cut -d' ' -f3")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMounts(List.of(
                        new Mount().withType(MountType.VOLUME).withSource("tc-made").withTarget("/opts")
                                .withVolumeOptions(new VolumeOptions().withLabels(Map.of("made", "by-mount"))
                                        .withDriverConfig(new Driver()
                                                .withName("local").withOptions(Map.of("type", "tmpfs",
                                                        "device", "tmpfs", "o", "size=2m"))))))));
        assertThat(out).isEqualTo("tmpfs\n");
        InspectVolumeResponse v = client.inspectVolumeCmd("tc-made").exec();
        assertThat(v.getLabels()).containsExactly(Map.entry("made", "by-mount"));
        assertThat(v.getOptions()).containsEntry("type", "tmpfs");
        client.removeVolumeCmd("tc-made").exec();
    }

    @Test
    void anonymousVolume_removedWithItsContainer() {
        List<String> before = volumeNames();
        String[] id = new String[1];
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand("sh", "-c", "echo x > /anon/f; exec sleep 60")
                .withCreateContainerCmdModifier(cmd -> cmd.withVolumes(new Volume("/anon")))) {
            c.start();
            id[0] = c.getContainerId();
            List<String> during = volumeNames();
            during.removeAll(before);
            assertThat(during).singleElement().asString().matches("[0-9a-f]{64}");
            assertThatThrownBy(() -> client.removeVolumeCmd(during.getFirst()).exec())
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("remove " + during.getFirst() + ": volume is in use - [" + id[0] + "]");
        }
        assertThat(volumeNames()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void fileSystemBind_andTmpfs() throws Exception {
        Path host = Files.createDirectories(d.dataRoot().getParent().resolve("tc-host"));
        Files.writeString(host.resolve("in"), "from host\n");
        // withFileSystemBind sends "<dir>:/host:rw,z"; the tmpfs holds nothing after the container.
        String out = run(oneShot("cat /host/in; echo back > /host/out; echo t > /scratch/t;"
                + " grep ' /scratch ' /proc/mounts | cut -d' ' -f3,4")
                .withFileSystemBind(host.toString(), "/host", BindMode.READ_WRITE)
                .withTmpFs(Map.of("/scratch", "rw,size=1m")));
        assertThat(out).startsWith("from host\ntmpfs rw,");
        assertThat(out).contains("size=1024k");
        assertThat(host.resolve("out")).hasContent("back");
    }

    @Test
    void volumesFrom_readOnly_seesTheOtherContainersVolumes() {
        try (GenericContainer<?> source = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand("sh", "-c", "echo shared > /anon/f; echo ready; exec sleep 60")
                .withCreateContainerCmdModifier(cmd -> cmd.withVolumes(new Volume("/anon")).getHostConfig()
                        .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource("tc-from")
                                .withTarget("/named"))))
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            source.start();
            // Testcontainers names the source by its inspected name ("/name"), as Docker accepts.
            String out = run(oneShot("cat /anon/f; touch /anon/g 2>/dev/null || echo ro; ls -d /named")
                    .withVolumesFrom(source, BindMode.READ_ONLY));
            assertThat(out).isEqualTo("shared\nro\n/named\n");
        }
        client.removeVolumeCmd("tc-from").exec();
    }

    @Test
    void fileBind_andMissingHostDirectory_createdAsDockerDoes() throws Exception {
        Path base = d.dataRoot().getParent();
        Path file = Files.writeString(base.resolve("tc-file.conf"), "key=value\n");
        Path missing = base.resolve("tc-missing/deeper");
        String out = run(oneShot("cat /etc/app.conf; echo made > /made/x")
                .withFileSystemBind(file.toString(), "/etc/app.conf", BindMode.READ_ONLY)
                .withFileSystemBind(missing.toString(), "/made", BindMode.READ_WRITE));
        assertThat(out).isEqualTo("key=value\n");
        assertThat(missing.resolve("x")).hasContent("made");
    }

    @Test
    void copyFileToAndFromContainer_throughItsVolume() throws Exception {
        // withCopyFileToContainer: a chunked PUT /archive?path=/ before start, Content-Type APPLICATION_X_TAR, no
        // parent entries in the tar; the target is inside a named volume mounted at /data.
        Path local = Files.writeString(d.dataRoot().getParent().resolve("tc-copy.txt"), "copied in\n");
        Path back = d.dataRoot().getParent().resolve("tc-copied-back.txt");
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand("sh", "-c", "cat /data/deep/in.txt; echo made > /data/out.txt; echo ready; exec sleep 60")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMounts(List.of(new Mount()
                        .withType(MountType.VOLUME).withSource("tc-copy").withTarget("/data"))))
                .withCopyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(local),
                        "/data/deep/in.txt")
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            c.start();
            assertThat(c.getLogs()).startsWith("copied in\n");
            c.copyFileFromContainer("/data/out.txt", back.toString());
            assertThat(back).hasContent("made");
        }
        client.removeVolumeCmd("tc-copy").exec();
    }

    private List<String> volumeNames() {
        return new ArrayList<>(client.listVolumesCmd().exec().getVolumes().stream()
                .map(InspectVolumeResponse::getName).toList());
    }
}
