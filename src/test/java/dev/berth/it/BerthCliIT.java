package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** berth's own CLI: {@code berth volume create|ls|inspect|rm|prune}, {@code berth version}, {@code berth info}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BerthCliIT {

    TestDaemon d;

    @BeforeAll
    void start() {
        d = TestDaemon.inProcess();
    }

    @AfterAll
    void stop() {
        d.close();
    }

    @Test
    void volumeLifecycle_matchesDockerOutput() throws Exception {
        Proc.Result r = d.berth("volume", "create", "--label", "k=v", "-o", "type=tmpfs", "-o", "device=tmpfs", "cli1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outTrim()).isEqualTo("cli1");
        String anon = d.berth("volume", "create").outTrim();
        assertThat(anon).matches("[0-9a-f]{64}");

        r = d.berth("volume", "ls");
        List<String> sorted = new java.util.ArrayList<>(List.of(anon, "cli1"));
        java.util.Collections.sort(sorted);
        assertThat(r.lines()).containsExactly("DRIVER    VOLUME NAME", "local     " + sorted.get(0),
                "local     " + sorted.get(1));
        assertThat(d.berth("volume", "ls", "-q", "-f", "label=k=v").lines()).containsExactly("cli1");

        r = d.berth("volume", "inspect", "cli1");
        JsonNode v = Json.MAPPER.readTree(r.out()).get(0);
        assertThat(v.get("Options").get("type").asText()).isEqualTo("tmpfs");
        assertThat(r.out()).startsWith("[\n    {\n        \"CreatedAt\": ");
        assertThat(r.out()).isEqualTo(d.docker("volume", "inspect", "cli1").out());

        r = d.berth("volume", "inspect", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: get nope: no such volume");

        r = d.berth("volume", "create", "x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: create x: volume name is too short, "
                + "names should be at least two alphanumeric characters");

        r = d.berth("volume", "prune", "-f");
        assertThat(r.out()).contains("Deleted Volumes:\n" + anon).contains("Total reclaimed space: 0B");
        r = d.berth("volume", "rm", "cli1", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outTrim()).isEqualTo("cli1");
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: get nope: no such volume");
        assertThat(d.berth("volume", "rm", "-f", "nope").exitCode()).isZero();
        assertThat(d.berth("volume", "ls", "-q").lines()).isEmpty();
    }

    @Test
    void prune_confirmsOnlyWithY() {
        d.berth("volume", "create", "prune1");
        for (String answer : List.of("yes\n", "n\n", "")) {
            Proc.Result r = d.berthWith(java.util.Map.of(), answer.getBytes(), "volume", "prune", "-a");
            Proc.Result docker = d.dockerWith(java.util.Map.of(), answer.getBytes(), "volume", "prune", "-a");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(docker.out());
            assertThat(d.berth("volume", "ls", "-q").lines()).as("after answering %s", answer).contains("prune1");
        }
        Proc.Result r = d.berthWith(java.util.Map.of(), "Y\n".getBytes(), "volume", "prune", "-a");
        assertThat(r.out()).contains("Deleted Volumes:\nprune1\n");
        assertThat(d.berth("volume", "ls", "-q").lines()).doesNotContain("prune1");
    }

    @Test
    void ls_sortsInNaturalOrderAsDocker() {
        List<String> names = List.of("nat10", "nat9", "nat1", "nat01", "nat2");
        names.forEach(n -> d.berth("volume", "create", n));
        try {
            Proc.Result r = d.berth("volume", "ls", "-f", "name=nat");
            assertThat(r.lines()).containsExactly("DRIVER    VOLUME NAME", "local     nat1", "local     nat01",
                    "local     nat2", "local     nat9", "local     nat10");
            assertThat(r.out()).isEqualTo(d.docker("volume", "ls", "-f", "name=nat").out());
            assertThat(d.berth("volume", "ls", "-q", "-f", "name=nat").out())
                    .isEqualTo(d.docker("volume", "ls", "-q", "-f", "name=nat").out());
        } finally {
            names.forEach(n -> d.berth("volume", "rm", n));
        }
    }

    @Test
    void emptyHostVariables_countAsUnset() {
        List<String> cmd = List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                System.getProperty("berth.jar", "target/berth.jar"), "dev.berth.cli.BerthCli", "volume", "ls", "-q");
        Proc.Result r = Proc.run(java.util.Map.of("BERTH_HOST", "", "DOCKER_HOST", d.host()), new byte[0], 60, cmd);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        r = Proc.run(java.util.Map.of("BERTH_HOST", "", "DOCKER_HOST", ""), new byte[0], 60, cmd);
        assertThat(r.err()).as(r.toString()).contains("/run/berth/berth.sock");
    }

    /** Runs both CLIs: the same exit code, stdout and stderr (docker's with "docker" read as "berth"). */
    private Proc.Result assertLikeDocker(String... args) {
        Proc.Result docker = d.docker(args);
        Proc.Result r = d.berth(args);
        assertThat(r.exitCode()).as("exit code of %s: %s vs docker's %s", List.of(args), r, docker)
                .isEqualTo(docker.exitCode());
        assertThat(r.out()).as("stdout of %s", List.of(args)).isEqualTo(docker.out());
        assertThat(r.err()).as("stderr of %s", List.of(args)).isEqualTo(docker.err().replace("docker", "berth"));
        return r;
    }

    @Test
    void create_validatesLikeDocker() {
        assertThat(assertLikeDocker("volume", "create", "--label", "=v").exitCode()).isEqualTo(125);
        assertLikeDocker("volume", "create", "--label", "");
        assertThat(assertLikeDocker("volume", "create", "--name", "same", "same").exitCode()).isEqualTo(1);
        assertLikeDocker("volume", "create", "--name", "a1", "b1");
        assertThat(assertLikeDocker("volume", "create", "-o", "foo", "optfoo").err()).contains("invalid option");
    }

    @Test
    void rmAndInspect_reportLikeDocker() {
        d.berth("volume", "create", "r2");
        Proc.Result r = d.berth("volume", "rm", "r2", "r2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("r2\n");
        assertThat(r.err()).isEqualTo("Error response from daemon: get r2: no such volume\n");
        d.docker("volume", "create", "r2");
        assertThat(d.docker("volume", "rm", "r2", "r2")).isEqualTo(r);
        assertLikeDocker("volume", "rm", "-f", "");
        assertLikeDocker("volume", "rm", " ");
        assertThat(assertLikeDocker("volume", "inspect", "nope").out()).isEqualTo("[]\n");
        assertLikeDocker("volume", "inspect", "");
    }

    @Test
    void filters_areCheckedLikeDocker() {
        assertThat(assertLikeDocker("volume", "prune", "-a", "-f", "--filter", "ALL=1").exitCode()).isEqualTo(1);
        assertLikeDocker("volume", "prune", "-a", "-f", "--filter", "all =1");
        assertThat(assertLikeDocker("volume", "ls", "-f", "noeq").exitCode()).isEqualTo(125);
        assertLikeDocker("volume", "prune", "-f", "--filter", "noeq");
    }

    @Test
    void usageErrors_exitAsDocker() {
        for (List<String> args : List.of(List.of("volume", "ls", "--bogus"), List.of("volume", "ls", "-x"),
                List.of("volume", "ls", "-f"), List.of("volume", "create", "-o"), List.of("volume", "inspect", "-f"),
                List.of("volume", "rm"), List.of("volume", "inspect"), List.of("volume", "ls", "x"),
                List.of("volume", "prune", "x"), List.of("volume", "ls", "-q", "x"), List.of("volume", "foo"),
                List.of("volume"))) {
            assertLikeDocker(args.toArray(String[]::new));
        }
        assertThat(d.berth("volume", "ls", "--help").exitCode()).isZero();
        // docker 28.2.2 prints "SRun" here (a typo of its own); the rest is the same.
        Proc.Result r = d.berth("volume", "create", "a", "b");
        assertThat(r.exitCode()).isEqualTo(d.docker("volume", "create", "a", "b").exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("berth: 'berth volume create' requires at most 1 argument\n\n"
                + "Usage:  berth volume create [OPTIONS] [VOLUME]\n");
    }

    @Test
    void format_jsonAsDockerAndTemplatesRefused() {
        d.berth("volume", "create", "--label", "a=1", "fmt1");
        d.berth("volume", "create", "fmt2");
        d.berth("volume", "create", "--label", "b=2", "--label", "a=1", "lab3");
        try {
            // docker joins labels in its map's (random) order; berth sorts them by key.
            assertThat(d.berth("volume", "ls", "--format", "json", "-f", "name=lab3").out())
                    .contains("\"Labels\":\"a=1,b=2\"");
            assertLikeDocker("volume", "ls", "--format", "json", "-f", "name=fmt");
            assertLikeDocker("volume", "ls", "-q", "--format", "json", "-f", "name=fmt");
            assertLikeDocker("volume", "ls", "--format", "table", "-f", "name=fmt");
            assertLikeDocker("volume", "ls", "-q", "--format", "table", "-f", "name=fmt");
            assertLikeDocker("volume", "inspect", "-f", "json", "fmt1", "fmt2");
            assertLikeDocker("volume", "inspect", "-f", "json", "nope");
            for (List<String> args : List.of(List.of("volume", "ls", "--format", "{{.Name}}"),
                    List.of("volume", "ls", "--format", "table {{.Name}}"),
                    List.of("volume", "inspect", "-f", "{{.Name}}", "fmt1"))) {
                Proc.Result r = d.berth(args.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.out()).isEmpty();
                assertThat(r.err()).contains("unsupported --format");
            }
        } finally {
            d.berth("volume", "rm", "fmt1", "fmt2", "lab3");
        }
    }

    @Test
    void versionAndInfo_reportTheDaemon() {
        Proc.Result r = d.berth("version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Server: berth 0.1.0").contains("Engine API version: 1.50");
        r = d.berth("info");
        assertThat(r.out()).contains("DockerRootDir: " + d.dataRoot());
        r = d.berth("info", "--format", "json");
        assertThat(r.out()).contains("\"OSType\":\"linux\"");
    }

    @Test
    void launcher_runsTheCliQuietly() throws Exception {
        // bin/berth as a user runs it: twice, so the second run uses the class-data archive the first one wrote. The
        // first run, after a build, writes the archive: its stdout must be the command's output and nothing else.
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target/berth-cli.jsa"));
        d.berth("volume", "create", "launcher1");
        for (int i = 0; i < 2; i++) {
            Proc.Result r = Proc.run(java.util.Map.of(), new byte[0], 120,
                    java.util.List.of("bin/berth", "-H", d.host(), "volume", "ls", "-q", "-f", "name=launcher1"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as("stdout of run %d", i + 1).isEqualTo("launcher1\n");
            assertThat(r.err()).as("stderr of run %d", i + 1).isEmpty();
        }
        assertThat(java.nio.file.Path.of("target/berth-cli.jsa")).exists();
        Proc.Result r = Proc.run(java.util.Map.of(), new byte[0], 120,
                java.util.List.of("bin/berth", "-H", d.host(), "version"));
        assertThat(r.out()).contains("Server: berth 0.1.0");
        d.berth("volume", "rm", "launcher1");
    }

    @Test
    void unreachableDaemon_reportsError() {
        Proc.Result r = Proc.run(java.util.Map.of(), new byte[0], 60, java.util.List.of(
                System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("berth.jar", "target/berth.jar"),
                "dev.berth.cli.BerthCli", "-H", "unix:///tmp/no-such-berth.sock", "volume", "ls"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no-such-berth.sock");
    }
}
