package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volume data and container references across container removal and a daemon restart (§2.5, §4.1, §4.9), with
 * the daemon as its own process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountRestartIT {

    private static final String IMG = "mrs-img";
    TestDaemon d;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.subprocess();
        BusyboxRootfs.standard().dir("data", 0755, 0, 0).file("data/seed", "seed", 0644, 0, 0)
                .importInto(d, IMG, "VOLUME /data");
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private Proc.Result ok(String... args) {
        return d.dockerOk(args);
    }

    @Test
    void volumes_surviveContainerRemovalAndDaemonRestart_referencesRebuilt() {
        ok("run", "--name", "w1", "--volume-driver", "local", "-v", "keep:/k", IMG, "sh", "-c",
                "echo kept > /k/f; echo anon > /data/f");
        assertThat(ok("inspect", "--format", "{{range .Mounts}}{{if eq .Destination \"/k\"}}{{.Driver}}{{end}}{{end}}",
                "w1").outTrim()).isEqualTo("local");
        String anon = ok("inspect", "--format",
                "{{range .Mounts}}{{if eq .Destination \"/data\"}}{{.Name}}{{end}}{{end}}", "w1").outTrim();
        ok("create", "--name", "holder", "-v", "held:/h", IMG, "true");

        d.stopProcess();
        d.startProcess();

        Proc.Result inUse = d.docker("volume", "rm", "held");
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err().strip()).startsWith("Error response from daemon: remove held: volume is in use - [");
        assertThat(ok("start", "-a", "w1").exitCode()).isZero();
        assertThat(ok("run", "--rm", "--volumes-from", "w1", IMG, "cat", "/k/f", "/data/f", "/data/seed").lines())
                .containsExactly("kept", "anon", "seed");

        ok("rm", "-v", "w1", "holder");
        assertThat(ok("volume", "ls", "-q").lines()).contains("keep", "held").doesNotContain(anon);
        assertThat(ok("run", "--rm", "-v", "keep:/k", IMG, "cat", "/k/f").outTrim()).isEqualTo("kept");
        ok("volume", "rm", "keep", "held");
    }
}
