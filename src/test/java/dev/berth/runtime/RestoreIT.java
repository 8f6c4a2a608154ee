package dev.berth.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("root")
@Timeout(180)
class RestoreIT {

    private RuntimeFixture fx;
    private Process child;

    @BeforeAll
    static void requirements() {
        RuntimeFixture.assumeRootWithRuntime();
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new RuntimeFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        fx.close();
    }

    @Test
    void daemonKilled_containerKeepsRunningAndItsLaterOutputAndExitAreRecorded() throws Exception {
        String id = RuntimeFixture.newId();
        fx.track(id);
        Path ctl = Files.createDirectories(fx.work.resolve("ctl"));
        Path bundle = fx.bundle(id, List.of("sh", "-c",
                        "echo before; while [ ! -e /ctl/go ]; do sleep 0.1; done; echo after; exit 7"),
                b -> b.mounts(List.of(new OciSpec.Mount("/ctl", "bind", ctl.toString(),
                        List.of("rbind", "rprivate")))));

        child = startDaemonStandIn(id, bundle);
        int conmon = ConmonProcess.readPid(fx.stateDir.resolve("ctr").resolve(id).resolve("conmon.pid"))
                .orElseThrow();
        long daemonPid = child.pid();
        // conmon daemonised: not the stand-in daemon's child, not in its process group or session.
        assertThat(statField(conmon, 4)).isNotEqualTo(daemonPid);
        assertThat(statField(conmon, 5)).isNotEqualTo(statField(daemonPid, 5));
        assertThat(statField(conmon, 6)).isNotEqualTo(statField(daemonPid, 6));

        child.destroyForcibly().waitFor();
        child = null;

        Map<String, Restored> restored = fx.runtime.restore(List.of(id));
        assertThat(restored.get(id)).isInstanceOf(Restored.Running.class);
        assertThat(((Restored.Running) restored.get(id)).pid()).isPositive();
        assertThat(fx.runtime.state(id)).get().extracting(RuntimeState::status)
                .isEqualTo(RuntimeState.Status.RUNNING);

        Files.writeString(ctl.resolve("go"), "");
        ExitEvent exit = fx.awaitExit(id);

        assertThat(exit.exitCode()).isEqualTo(7);
        assertThat(fx.logText(id)).isEqualTo("before\nafter\n");
        assertThat(Files.readString(fx.stateDir.resolve("exits").resolve(id))).isEqualTo("7");
    }

    @Test
    void exitedWhileDaemonAway_restoreReportsExitCodeAndTime() throws Exception {
        String id = fx.create(List.of("sh", "-c", "exit 5"));
        fx.runtime.start(id);
        ExitEvent exit = fx.awaitExit(id);

        try (ConmonRuntime restarted = ConmonRuntime.open(fx.config(), e -> { })) {
            Map<String, Restored> restored = restarted.restore(List.of(id));

            assertThat(restored).containsEntry(id, new Restored.Exited(5, exit.finishedAt()));
        }
    }

    @Test
    void restore_createdButNotStarted_reportsCreated() throws Exception {
        String id = fx.create(List.of("true"));

        assertThat(fx.runtime.restore(List.of(id)).get(id)).isInstanceOf(Restored.Created.class);
    }

    @Test
    void restore_unknownToRuntime_lost() {
        String id = RuntimeFixture.newId();

        assertThat(fx.runtime.restore(List.of(id)))
                .containsEntry(id, new Restored.Lost("the runtime does not know the container"));
    }

    @Test
    void restore_conmonKilled_lostAndForceDeleteCleansUp() throws Exception {
        String id = fx.create(List.of("sleep", "100"));
        fx.runtime.start(id);
        ConmonProcess.kill(fx.stateDir.resolve("ctr").resolve(id).resolve("conmon.pid"));
        awaitConmonGone(id);

        assertThat(fx.runtime.restore(List.of(id)))
                .containsEntry(id, new Restored.Lost("running without its conmon"));
        fx.runtime.delete(id, true);
        assertThat(fx.runtime.state(id)).isEmpty();
    }

    private void awaitConmonGone(String id) throws InterruptedException {
        Path pidFile = fx.stateDir.resolve("ctr").resolve(id).resolve("conmon.pid");
        while (ConmonProcess.isLiveConmon(pidFile)) {
            Thread.sleep(50);
        }
    }

    private Process startDaemonStandIn(String id, Path bundle) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), RuntimeChild.class.getName(), fx.stateDir.toString(),
                bundle.toString(), id, fx.logPath(id).toString())
                .redirectError(fx.work.resolve("child.err").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("stand-in daemon output; stderr: %s", Files.exists(fx.work.resolve("child.err"))
                ? Files.readString(fx.work.resolve("child.err")) : "").isEqualTo("started");
        return p;
    }

    /** Field n (1-based, as in proc(5)) of /proc/<pid>/stat: 4 ppid, 5 pgrp, 6 session. */
    private static long statField(long pid, int n) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[n - 3]);
    }
}
