package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers outlive a daemon killed with SIGKILL: after restart a running one is still running, its output reaches
 * logs and attach, and its exit is reported; an AutoRemove container that exited meanwhile is removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerRestartIT {

    TestDaemon d;
    Path ctl;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.subprocess();
        BusyboxRootfs.standard().importInto(d, "bb");
        ctl = Files.createTempDirectory(Path.of("/tmp"), "ctr-ctl-");
    }

    @AfterAll
    void stop() {
        d.close();
        TestDaemon.deleteTree(ctl);
    }

    private Proc.Result ok(String... args) {
        return d.dockerOk(args);
    }

    @Test
    void runningContainer_survivesKill9_andIsReportedAfterwards() throws Exception {
        String v = ctl + ":/ctl";
        ok("run", "-d", "--name", "live", "-v", v, "bb", "sh", "-c",
                "echo before; while [ ! -f /ctl/go ]; do echo tick; sleep 0.1; done; echo after; exit 6");
        ok("run", "-d", "--rm", "--name", "gone", "-v", v, "bb", "sh", "-c",
                "while [ ! -f /ctl/end-gone ]; do sleep 0.05; done");
        d.kill9();
        Files.writeString(ctl.resolve("end-gone"), "");
        d.startProcess();

        assertThat(ok("inspect", "-f", "{{.State.Running}} {{.State.FinishedAt}}", "live").outTrim())
                .isEqualTo("true 0001-01-01T00:00:00Z");
        assertThat(ok("ps", "-aq", "--filter", "name=gone").out()).as(d.log()).isEmpty();
        assertThat(ok("logs", "live").out()).startsWith("before\ntick\n");

        ProcessBuilder pb = new ProcessBuilder("docker", "attach", "--no-stdin", "live");
        pb.environment().put("DOCKER_HOST", d.host());
        pb.redirectErrorStream(true);
        Process attach = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(attach.getInputStream(),
                    StandardCharsets.UTF_8));
            // Output after the restart flows to a new attach; then let the container finish.
            assertThat(out.readLine()).isEqualTo("tick");
            Files.writeString(ctl.resolve("go"), "");
            String line;
            String last = null;
            while ((line = out.readLine()) != null) {
                last = line;
            }
            assertThat(last).isEqualTo("after");
            assertThat(attach.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(attach.exitValue()).isEqualTo(6);
        } finally {
            attach.destroyForcibly();
        }
        assertThat(ok("wait", "live").outTrim()).isEqualTo("6");
        String[] state = ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}", "live")
                .outTrim().split(" ");
        assertThat(state[0]).isEqualTo("exited");
        assertThat(state[1]).isEqualTo("6");
        assertThat(state[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")
                .isNotEqualTo("0001-01-01T00:00:00Z");
        assertThat(ok("logs", "live").out()).startsWith("before\n").endsWith("tick\nafter\n");
        ok("rm", "live");
    }
}
