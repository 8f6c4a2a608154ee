package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container lifecycle through the stock docker CLI: logs, stop/kill/restart/rename, ps filters, rm, create and
 * start -a, wait, inspect, export/import, save/load and Docker's conflict texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleIT {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    /** A shell that exits with {@code code} on {@code signal} and says "ready" once the trap is set. */
    private static final String TRAPPING = "trap 'exit %d' %s; echo ready; while true; do sleep 0.1; done";

    TestDaemon d;
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard().importInto(d, "bb", "ENV A=img", "CMD [\"echo\", \"from-image\"]");
        tmp = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-");
    }

    @AfterAll
    void stop() {
        d.close();
        TestDaemon.deleteTree(tmp);
    }

    private Proc.Result ok(String... args) {
        return d.dockerOk(args);
    }

    private String inspect(String format, String name) {
        return ok("inspect", "-f", format, name).outTrim();
    }

    private void awaitLog(String name, String text) {
        for (int i = 0; i < 400; i++) {
            if (ok("logs", name).out().contains(text)) {
                return;
            }
            TestDaemon.sleep(25);
        }
        throw new AssertionError(name + " never logged " + text);
    }

    @Test
    void logs_streamsTailSinceTimestamps() {
        ok("run", "-d", "--name", "lg", "bb", "sh", "-c", "echo o1; echo e1 >&2; echo o2");
        assertThat(ok("wait", "lg").outTrim()).isEqualTo("0");
        Proc.Result r = ok("logs", "lg");
        assertThat(r.out()).isEqualTo("o1\no2\n");
        assertThat(r.err()).isEqualTo("e1\n");
        ok("run", "--name", "lt", "bb", "sh", "-c", "echo 1; echo 2; echo 3");
        assertThat(ok("logs", "--tail", "2", "lt").out()).isEqualTo("2\n3\n");
        ok("rm", "lt");
        assertThat(ok("logs", "--since", "2999-01-01T00:00:00Z", "lg").out()).isEmpty();
        assertThat(ok("logs", "--since", "2000-01-01T00:00:00Z", "lg").out()).isEqualTo("o1\no2\n");
        assertThat(ok("logs", "-t", "lg").out().split("\n")).hasSize(2)
                .allMatch(l -> l.matches(RFC3339 + " o\\d"));

        // follow returns only when the container ends, with everything it wrote.
        ok("run", "-d", "--name", "lgf", "bb", "sh", "-c", "echo a; sleep 1; echo b >&2; echo c");
        Proc.Result f = ok("logs", "-f", "lgf");
        assertThat(f.out()).isEqualTo("a\nc\n");
        assertThat(f.err()).isEqualTo("b\n");
        ok("rm", "lg", "lgf");
    }

    @Test
    void stop_escalatesToKill_butATrappingProcessExitsOnTerm() {
        ok("run", "-d", "--name", "st1", "bb", "sleep", "100");
        ok("stop", "-t", "1", "st1");
        assertThat(inspect("{{.State.ExitCode}} {{.State.Running}}", "st1")).isEqualTo("137 false");
        ok("run", "-d", "--name", "st2", "bb", "sh", "-c", TRAPPING.formatted(5, "TERM"));
        awaitLog("st2", "ready");
        ok("stop", "-t", "30", "st2");
        assertThat(inspect("{{.State.ExitCode}}", "st2")).isEqualTo("5");
        ok("rm", "st1", "st2");
    }

    @Test
    void kill_byNameAndNumber() {
        ok("run", "-d", "--name", "k1", "bb", "sh", "-c", TRAPPING.formatted(42, "USR1"));
        awaitLog("k1", "ready");
        ok("kill", "-s", "USR1", "k1");
        assertThat(ok("wait", "k1").outTrim()).isEqualTo("42");
        ok("run", "-d", "--name", "k2", "bb", "sh", "-c", TRAPPING.formatted(43, "USR1"));
        awaitLog("k2", "ready");
        ok("kill", "-s", "10", "k2");
        assertThat(ok("wait", "k2").outTrim()).isEqualTo("43");
        ok("run", "-d", "--name", "k3", "bb", "sleep", "100");
        ok("kill", "-s", "SIGKILL", "k3");
        assertThat(ok("wait", "k3").outTrim()).isEqualTo("137");
        Proc.Result r = d.docker("kill", "k3");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("is not running");
        ok("rm", "k1", "k2", "k3");
    }

    @Test
    void kill_withoutSignal_isSigkill() {
        ok("run", "-d", "--name", "kdef", "bb", "sh", "-c", TRAPPING.formatted(3, "TERM"));
        awaitLog("kdef", "ready");
        ok("kill", "kdef");
        assertThat(ok("wait", "kdef").outTrim()).isEqualTo("137");
        ok("rm", "kdef");
    }

    @Test
    void entrypoint_mergedWithImage_asDocker() throws Exception {
        BusyboxRootfs.standard().importInto(d, "bb-ep", "ENTRYPOINT [\"echo\", \"ep\"]", "CMD [\"img\"]");
        assertThat(ok("run", "--rm", "bb-ep").out()).isEqualTo("ep img\n");
        assertThat(ok("run", "--rm", "bb-ep", "user").out()).isEqualTo("ep user\n");
        // A user entrypoint drops the image's CMD; an empty one drops the image's entrypoint.
        assertThat(ok("run", "--rm", "--entrypoint", "echo", "bb-ep").out()).isEqualTo("\n");
        assertThat(ok("run", "--rm", "--entrypoint", "", "bb-ep", "echo", "x").out()).isEqualTo("x\n");
        ok("create", "--name", "epc", "--entrypoint", "echo", "bb-ep");
        assertThat(inspect("{{json .Config.Entrypoint}} {{json .Config.Cmd}}", "epc")).isEqualTo("[\"echo\"] null");
        ok("rm", "epc");
        ok("create", "--name", "epd", "bb-ep");
        assertThat(inspect("{{json .Config.Entrypoint}} {{json .Config.Cmd}}", "epd"))
                .isEqualTo("[\"echo\",\"ep\"] [\"img\"]");
        ok("rm", "epd");
        ok("rmi", "bb-ep");
    }

    @Test
    void networkModes_defaultIsLoopbackOnly_hostSharesTheHostsInterfaces() throws Exception {
        // Until networking exists, the default network ("default", reported as "bridge") behaves as none: loopback
        // only (documented in the README).
        ok("create", "--name", "netdef", "bb", "cat", "/proc/net/dev");
        assertThat(inspect("{{.HostConfig.NetworkMode}}", "netdef")).isEqualTo("bridge");
        assertThat(interfaces(ok("start", "-a", "netdef").out())).containsExactly("lo");
        ok("rm", "netdef");
        assertThat(interfaces(ok("run", "--rm", "--network", "none", "bb", "cat", "/proc/net/dev").out()))
                .containsExactly("lo");
        ok("create", "--name", "nethost", "--network", "host", "bb", "cat", "/proc/net/dev");
        assertThat(inspect("{{.HostConfig.NetworkMode}}", "nethost")).isEqualTo("host");
        assertThat(interfaces(ok("start", "-a", "nethost").out()))
                .containsExactlyInAnyOrderElementsOf(interfaces(Files.readString(Path.of("/proc/net/dev"))));
        ok("rm", "nethost");
    }

    private static List<String> interfaces(String procNetDev) {
        return procNetDev.lines().skip(2).map(l -> l.substring(0, l.indexOf(':')).strip()).toList();
    }

    @Test
    void restart_andRename() {
        ok("run", "-d", "--name", "rs", "bb", "sh", "-c", "echo started; sleep 100");
        awaitLog("rs", "started");
        ok("restart", "-t", "0", "rs");
        assertThat(inspect("{{.State.Running}}", "rs")).isEqualTo("true");
        awaitLog("rs", "started\nstarted\n");

        ok("rename", "rs", "rs2");
        assertThat(inspect("{{.Name}}", "rs2")).isEqualTo("/rs2");
        assertThat(d.docker("inspect", "rs").exitCode()).isEqualTo(1);
        ok("create", "--name", "other", "bb");
        String otherId = inspect("{{.Id}}", "other");
        Proc.Result r = d.docker("rename", "rs2", "other");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error response from daemon: Error when allocating new name: Conflict. The "
                + "container name \"/other\" is already in use by container \"" + otherId + "\". You have to remove "
                + "(or rename) that container to be able to reuse that name.\n"
                + "Error: failed to rename container named rs2\n");
        r = d.docker("rename", "rs2", "bad name");
        assertThat(r.err()).startsWith("Error response from daemon: Invalid container name (/bad name), only "
                + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n");
        ok("rm", "-f", "rs2", "other");
        assertThat(ok("ps", "-aq").out()).isEmpty();
    }

    @Test
    void ps_filtersAndColumns() {
        String created = ok("create", "--name", "pc", "--label", "team=a", "bb", "sh", "-c", "echo a b").outTrim();
        ok("run", "--name", "pe", "bb", "true");
        String running = ok("run", "-d", "--name", "pr", "--label", "team=b", "bb", "sleep", "100").outTrim();

        assertThat(ok("ps", "-q", "--no-trunc").outTrim()).isEqualTo(running);
        assertThat(ok("ps", "-aq").lines()).hasSize(3);
        assertThat(ok("ps", "-a", "-n", "1", "-q", "--no-trunc").outTrim()).isEqualTo(running);
        assertThat(ok("ps", "-aq", "--no-trunc", "--filter", "id=" + created.substring(0, 10)).outTrim())
                .isEqualTo(created);
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "name=^pc$").outTrim()).isEqualTo("pc");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "name=/pe").outTrim()).isEqualTo("pe");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "label=team=a").outTrim()).isEqualTo("pc");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "status=created").outTrim()).isEqualTo("pc");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "exited=0").outTrim()).isEqualTo("pe");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "status=running").outTrim()).isEqualTo("pr");
        assertThat(ok("ps", "-a", "--format", "{{.Names}}", "--filter", "ancestor=bb").lines()).hasSize(3);
        assertThat(ok("ps", "-a", "--no-trunc", "--format", "{{.Command}}", "--filter", "name=pc").outTrim())
                .isEqualTo("\"sh -c 'echo a b'\"");

        ok("rm", "-f", "pr");
        assertThat(ok("ps", "-q").out()).isEmpty();
        ok("rm", "pc", "pe");
    }

    @Test
    void createThenStartAttached_andWait() {
        ok("create", "--name", "ca", "bb", "echo", "fromstart");
        assertThat(ok("start", "-a", "ca").out()).isEqualTo("fromstart\n");
        ok("run", "-d", "--name", "wt", "bb", "sh", "-c", "exit 4");
        assertThat(d.docker("wait", "wt").outTrim()).isEqualTo("4");
        ok("rm", "ca", "wt");
    }

    @Test
    void inspect_stateConfigHostConfigNetwork() {
        ok("create", "--name", "in", "-e", "B=user", "bb");
        assertThat(inspect("{{.State.Status}} {{.State.StartedAt}} {{.State.FinishedAt}}", "in"))
                .isEqualTo("created " + ZERO_TIME + " " + ZERO_TIME);
        assertThat(inspect("{{json .Config.Env}}", "in")).isEqualTo("[\"B=user\",\"A=img\"]");
        assertThat(inspect("{{json .Config.Cmd}}", "in")).isEqualTo("[\"echo\",\"from-image\"]");
        assertThat(inspect("{{json .NetworkSettings.Ports}}", "in")).isEqualTo("{}");
        assertThat(inspect("{{.HostConfig.AutoRemove}}", "in")).isEqualTo("false");
        assertThat(ok("start", "-a", "in").out()).isEqualTo("from-image\n");
        String[] times = inspect("{{.State.StartedAt}} {{.State.FinishedAt}} {{.State.Status}}", "in").split(" ");
        assertThat(times[0]).matches(RFC3339);
        assertThat(times[1]).matches(RFC3339);
        assertThat(times[2]).isEqualTo("exited");
        ok("rm", "in");
    }

    @Test
    void exportImport_andSaveLoad_roundTrip() throws Exception {
        ok("run", "--name", "ex", "bb", "sh", "-c", "echo payload > /made-here");
        Path tar = tmp.resolve("ex.tar");
        ok("export", "-o", tar.toString(), "ex");
        ok("import", tar.toString(), "exported");
        assertThat(ok("run", "--rm", "exported", "cat", "/made-here").out()).isEqualTo("payload\n");
        ok("rm", "ex");

        Path saved = tmp.resolve("saved.tar");
        ok("save", "-o", saved.toString(), "exported");
        String id = inspect("{{.Id}}", "exported");
        ok("rmi", "exported");
        assertThat(ok("load", "-i", saved.toString()).out()).contains("exported:latest");
        assertThat(inspect("{{.Id}}", "exported")).isEqualTo(id);
        assertThat(ok("run", "--rm", "exported", "cat", "/made-here").out()).isEqualTo("payload\n");
        ok("rmi", "exported");
    }

    @Test
    void conflicts_nameInUse_andImageInUse() {
        String id = ok("create", "--name", "dup", "bb").outTrim();
        Proc.Result r = d.docker("create", "--name", "dup", "bb");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Conflict. The container name \"/dup\" is already in use by container \""
                + id + "\". You have to remove (or rename) that container to be able to reuse that name.");
        ok("tag", "bb", "bb-only");
        ok("rmi", "bb-only");
        // The image's ID: a bare "docker inspect bb" would find the container whose ID starts with "bb" (1 in 256).
        String imageId = ok("image", "inspect", "-f", "{{.Id}}", "bb").outTrim();
        r = d.docker("rmi", imageId.substring(7, 19));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("conflict: unable to delete " + imageId.substring(7, 19)
                + " (must be forced) - image is being used by stopped container " + id.substring(0, 12));
        ok("rm", "dup");
    }

    @Test
    void info_countsImages() {
        long images = Arrays.stream(ok("images", "-q").out().split("\n")).filter(s -> !s.isBlank()).distinct()
                .count();
        assertThat(ok("info", "-f", "{{.Images}}").outTrim()).isEqualTo(Long.toString(images));
    }

    @Test
    void versionAndInfo_hostFactsAsDockerReportsThem() throws Exception {
        // runc's own version line and commit, as Docker shows them.
        String[] runc = Proc.run("runc", "--version").out().split("\n");
        String runcVersion = runc[0].substring("runc version ".length()).strip();
        String runcCommit = runc[1].substring("commit:".length()).strip();
        assertThat(ok("version", "-f", "{{range .Server.Components}}{{if eq .Name \"runc\"}}{{.Version}} "
                + "{{.Details.GitCommit}}{{end}}{{end}}").outTrim()).isEqualTo(runcVersion + " " + runcCommit);
        assertThat(ok("info", "-f", "{{.RuncCommit.ID}}").outTrim()).isEqualTo(runcCommit);
        // CPUs by affinity (nproc), and the data root's filesystem by Docker's names.
        assertThat(ok("info", "-f", "{{.NCPU}}").outTrim()).isEqualTo(Proc.run("nproc").outTrim());
        String fsType = Proc.run("stat", "-f", "-c", "%T", d.dataRoot().toString()).outTrim();
        String expected = switch (fsType) {
            case "ext2/ext3" -> "extfs";
            case "xfs", "btrfs", "tmpfs", "zfs", "nfs" -> fsType;
            default -> null;
        };
        if (expected != null) {
            assertThat(ok("info", "-f", "{{json .DriverStatus}}").outTrim())
                    .isEqualTo("[[\"Backing Filesystem\",\"" + expected + "\"]]");
        }
    }
}
