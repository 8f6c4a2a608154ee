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
                List.of("volume", "prune", "x"), List.of("volume", "ls", "-q", "x"))) {
            assertLikeDocker(args.toArray(String[]::new));
        }
        // The bare group's usage is docker's plus a section naming berth's own volume commands.
        for (List<String> args : List.of(List.of("volume", "foo"), List.of("volume"))) {
            Proc.Result docker = d.docker(args.toArray(String[]::new));
            Proc.Result r = d.berth(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("exit code of %s: %s", args, r).isEqualTo(docker.exitCode());
            assertThat(r.out()).isEqualTo(docker.out());
            String own = "berth's own:\n"
                    + "  clone       Create a volume with another's driver, options, labels and content\n"
                    + "  export      Write a volume's content to a tar archive\n"
                    + "  import      Merge a tar archive into an existing volume\n\n";
            String expected = docker.err().replace("docker", "berth")
                    .replace("Run 'berth volume COMMAND --help'", own + "Run 'berth volume COMMAND --help'");
            assertThat(r.err()).as("stderr of %s", args).isEqualTo(expected);
        }
        assertThat(d.berth("volume", "ls", "--help").exitCode()).isZero();
        // docker 28.2.2 prints "SRun" here (a typo of its own); the rest is the same.
        Proc.Result r = d.berth("volume", "create", "a", "b");
        assertThat(r.exitCode()).isEqualTo(d.docker("volume", "create", "a", "b").exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("berth: 'berth volume create' requires at most 1 argument\n\n"
                + "Usage:  berth volume create [OPTIONS] [VOLUME]\n");
    }

    @Test
    void format_jsonAsDocker() {
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
        } finally {
            d.berth("volume", "rm", "fmt1", "fmt2", "lab3");
        }
    }

    @Test
    void lsFormat_templatesAsDocker() {
        // One label per volume: with several, docker prints .Labels in Go's random map order (berth sorts them).
        d.berth("volume", "create", "--label", "com.example.my-label=x1", "tl1");
        d.berth("volume", "create", "--label", "k=v", "tl2");
        d.berth("volume", "create", "tl3");
        d.berth("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "--label", "k=a-much-longer-value", "tl10");
        try {
            for (String format : List.of("{{.Name}}", "table {{.Name}}", "table {{.Name}}\t{{.Driver}}\t{{.Scope}}",
                    "table {{.Name}}\t{{.Mountpoint}}\t{{.Links}}\t{{.Size}}\t{{.Group}}\t{{.Availability}}\t{{.Status}}",
                    "table {{.Name}}\t{{.Label \"k\"}}\t{{.Label \"com.example.my-label\"}}|", "{{.Name}}\t{{.Driver}}",
                    "table {{.Name}}\n{{.Driver}}\t{{.Scope}}", "raw", "table", "table json", " json", "", " ",
                    "{{.}}", "table {{json .}}", "{{json .}}", "{{.Name}}: {{.Label \"k\"}}{{if .Label \"k\"}} (labelled){{end}}",
                    "table {{upper .Name}}\t{{pad .Driver 1 2}}\t{{truncate .Name 3}}\t{{title .Scope}}",
                    "table {{split .Mountpoint \"/\"}}\t{{join (split .Name \"\") \"-\"}}\t{{lower .Driver}}",
                    "table {{.Header}}|{{.FullHeader}}", "{{printf \"%-6s|%5.2q|%x\" .Name .Driver .Name}}",
                    "{{range $i, $p := split .Mountpoint \"/\"}}{{if $i}},{{end}}{{$p}}{{end}}",
                    "{{with .Label \"k\"}}{{.}}{{else}}-{{end}} {{len .Name}} {{slice .Name 1}} {{index (split .Name \"l\") 1}}",
                    "{{- .Name -}}  {{/* comment */}}  {{\"x\"}}",
                    // errors: parse, unknown field, unexported field, unknown function, bad arguments
                    "{{.Name", "{{.Foo}}", "{{.v}}", "{{foo}}", "table {{.Name}}{{.Nope}}", "{{index .Name 10}}",
                    "{{join .Name \",\"}}", "{{.Name 1}}", "{{end}}", "{{range .Name}}{{end}}", "{{printf}}")) {
                assertLikeDocker("volume", "ls", "-f", "name=tl", "--format", format);
            }
            assertLikeDocker("volume", "ls", "-q", "-f", "name=tl", "--format", "raw");
            assertLikeDocker("volume", "ls", "-q", "-f", "name=tl", "--format", "{{.Driver}}");
            assertLikeDocker("volume", "ls", "-f", "name=nothing-matches", "--format", "table {{.Name}}\t{{.Driver}}");
            assertLikeDocker("volume", "ls", "-f", "name=nothing-matches", "--format", "{{.Name}}");
        } finally {
            d.berth("volume", "rm", "tl1", "tl2", "tl3", "tl10");
        }
    }

    @Test
    void inspectFormat_templatesAsDocker() {
        d.berth("volume", "create", "--label", "a=b", "--label", "c=d", "ti1");
        d.berth("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "ti2");
        try {
            for (String format : List.of("{{.Name}}", "{{.}}", "{{json .}}", "{{.Labels}} {{json .Labels}}",
                    "{{.Options}} {{json .Options}} {{.Status}} {{json .Status}} {{.UsageData}} {{json .UsageData}}",
                    "{{.ClusterVolume}} {{.CreatedAt}} {{.Scope}} {{.Driver}} {{.Mountpoint}}",
                    "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "{{with .Options}}{{.type}}{{else}}none{{end}}",
                    "{{.Labels.a}} {{.Labels.zz}} {{index .Labels \"zz\"}}|", "{{printf \"%T %T %T %T\" . .Labels .Status .UsageData}}",
                    "{{if and (eq .Driver \"local\") (not .Labels)}}plain{{else if .Labels}}labelled{{end}}",
                    "{{len .Labels}} {{.Name | printf \"%q\"}} {{html \"<a>\"}} {{js \"'\"}} {{urlquery \"a b\"}}", " ", "",
                    "{{.Name", "{{.Foo}}", "{{.ClusterVolume.ID}}", "{{.ClusterVolume.Bogus}}", "{{.UsageData.Size}}",
                    "{{foo .}}", "{{template \"x\"}}", "{{index .Labels 1}}", "{{.Name.X}}", "{{lt .Labels 1}}")) {
                assertLikeDocker("volume", "inspect", "-f", format, "ti1", "ti2");
            }
            assertLikeDocker("volume", "inspect", "-f", "{{.Name}}", "ti1", "nope", "ti2");
            assertLikeDocker("volume", "inspect", "-f", "{{.Name}}", "nope");
            assertLikeDocker("volume", "inspect", "--format", "{{.Foo}}", "ti1", "nope");
            assertThat(d.berth("volume", "inspect", "-f", "{{.Name", "ti1").exitCode()).isEqualTo(64);
        } finally {
            d.berth("volume", "rm", "ti1", "ti2");
        }
    }

    @Test
    void versionAndInfoFormat_serverPartsAsDocker() {
        for (String format : List.of("{{.Server.Version}}", "{{json .Server}}", "{{.Server}}", "{{.Server.APIVersion}}",
                "{{.Server.MinAPIVersion}} {{.Server.Os}}/{{.Server.Arch}} {{.Server.KernelVersion}} {{.Server.Experimental}}",
                "{{range .Server.Components}}{{.Name}}\t{{.Version}}\t{{.Details}}\n{{end}}", "a\tb",
                "{{getDetailsOrder (index .Server.Components 0)}}", "{{printf \"%T %T\" .Server .Server.Platform}}",
                "{{.Client.Context}} {{.Client.Os}}", "{{.Server.Version", "{{.Server.Foo}}", "x{{.Server.Version}}{{.Server.Foo}}y")) {
            assertLikeDocker("version", "--format", format);
        }
        assertThat(d.berth("version", "--format", "{{.Client.Version}}").outTrim()).isEqualTo("0.1.0");
        for (String format : List.of("{{.ServerVersion}} {{.Driver}} {{.DockerRootDir}} {{.NCPU}} {{.MemTotal}}",
                "{{.Containers}} {{.Images}} {{.OSType}} {{.Architecture}} {{.CgroupVersion}} {{.LoggingDriver}}",
                "{{.Plugins}} {{json .Plugins}} {{.Runtimes}} {{json .Runtimes}}", "{{.Swarm}} {{json .Swarm}}",
                "{{json .RegistryConfig}} {{.Labels}} {{json .Labels}} {{.Warnings}} {{.DriverStatus}}",
                "{{.RuncCommit}} {{.FirewallBackend}} {{.Containerd}} {{.ServerErrors}} {{json .DefaultAddressPools}}",
                "{{printf \"%T %T %T %T\" .Isolation .MemTotal .Runtimes .RegistryConfig}}",
                "{{.Swarm.Cluster.ID}}", "{{.Containerd.Bogus}}", "{{.ClientInfo.Context}}", "{{.ServerVersion")) {
            assertLikeDocker("info", "--format", format);
        }
        Proc.Result r = d.berth("info", "--format", "{{json .}}");
        assertThat(r.out()).contains("\"DockerRootDir\":\"" + d.dataRoot() + "\"").contains("\"ClientInfo\":{");
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
