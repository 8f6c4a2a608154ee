package dev.berth.runtime;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConmonLauncherTest {

    private static final StateLayout LAYOUT = new StateLayout(Path.of("/run/berth"));
    private static final ConmonLauncher LAUNCHER = new ConmonLauncher(
            new RuntimeConfig(Path.of("/run/berth"), Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"),
                    Duration.ofMinutes(1)),
            LAYOUT, new Runc(Path.of("/usr/sbin/runc"), LAYOUT.runcRoot()));

    @Test
    void argv_plainContainer_conmonFlags() {
        List<String> argv = LAUNCHER.argv("abc", Path.of("/b/abc"), CreateOptions.logTo(Path.of("/l/abc.log")));

        assertThat(argv).containsExactly("/usr/bin/conmon", "--api-version", "1", "-c", "abc", "-u", "abc", "-n",
                "abc", "-r", "/usr/sbin/runc", "-b", "/b/abc", "-p", "/run/berth/ctr/abc/pid",
                "--conmon-pidfile", "/run/berth/ctr/abc/conmon.pid", "--exit-dir", "/run/berth/exits",
                "--persist-dir", "/run/berth/ctr/abc", "--socket-dir-path", "/run/berth/sock",
                "-l", "k8s-file:/l/abc.log", "--runtime-arg=--root=/run/berth/runc",
                "--runtime-arg=--log-format=json", "--runtime-arg=--log=/run/berth/ctr/abc/runc.log");
    }

    record StdioCase(String name, CreateOptions options, List<String> present, List<String> absent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StdioCase> stdio() {
        CreateOptions base = CreateOptions.logTo(Path.of("/l"));
        return Stream.of(
                new StdioCase("tty", base.withTty(true), List.of("-t"), List.of("-i", "--leave-stdin-open")),
                new StdioCase("stdin once closes with the client", base.withStdin(true, true), List.of("-i"),
                        List.of("-t", "--leave-stdin-open")),
                new StdioCase("stdin kept open", base.withStdin(true, false), List.of("-i", "--leave-stdin-open"),
                        List.of("-t")),
                new StdioCase("log size limit", new CreateOptions(false, false, false, Path.of("/l"), 1024),
                        List.of("--log-size-max", "1024"), List.of("-t", "-i")));
    }

    @ParameterizedTest
    @MethodSource("stdio")
    void argv_stdioOptions_flags(StdioCase c) {
        List<String> argv = LAUNCHER.argv("abc", Path.of("/b"), c.options());

        assertThat(argv).containsAll(c.present()).doesNotContainAnyElementsOf(c.absent());
    }

    record ReportCase(String name, String line, int pid, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ReportCase> reports() {
        return Stream.of(
                new ReportCase("created", "{\"data\": 7440}", 7440, null),
                new ReportCase("runc error", "{\"data\": -1, \"message\": \"runc create failed: unable to start "
                        + "container process: exec: \\\"/x\\\": stat /x: no such file or directory\\n\"}", 0,
                        "runc create failed: unable to start container process: exec: \"/x\": stat /x: no such "
                                + "file or directory"),
                new ReportCase("unescaped control character", "{\"data\": -1, \"message\": \"bad\u0001thing\"}", 0,
                        "bad\u0001thing"),
                new ReportCase("failure without message", "{\"data\": -1}", 0,
                        "the runtime failed to create the container"));
    }

    @ParameterizedTest
    @MethodSource("reports")
    void parseReport_line_pidOrRuntimeError(ReportCase c) {
        if (c.error() == null) {
            assertThat(ConmonLauncher.parseReport(c.line())).isEqualTo(c.pid());
        } else {
            assertThatThrownBy(() -> ConmonLauncher.parseReport(c.line()))
                    .isInstanceOf(OciRuntimeException.class)
                    .hasMessage(c.error());
        }
    }

    record IdCase(String name, String id, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<IdCase> ids() {
        return Stream.of(
                new IdCase("docker id", "a".repeat(64), null),
                new IdCase("dashes and underscores", "my_ctr-1", null),
                new IdCase("dot", "a.b", "invalid container id for the runtime: a.b"),
                new IdCase("slash", "../x", "invalid container id for the runtime: ../x"),
                new IdCase("empty", "", "invalid container id for the runtime: "),
                new IdCase("leading dash", "-x", "invalid container id for the runtime: -x"));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void checkId_id_acceptedOrRejected(IdCase c) {
        if (c.error() == null) {
            assertThat(LAYOUT.checkId(c.id())).isEqualTo(c.id());
        } else {
            assertThatThrownBy(() -> LAYOUT.checkId(c.id())).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void checkId_stateDirTooLongForSocket_rejected() {
        StateLayout deep = new StateLayout(Path.of("/run/" + "d".repeat(40)));

        assertThatThrownBy(() -> deep.checkId("a".repeat(64))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("runtime state dir /run/dddd");
    }
}
