package dev.berth.daemon;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonArgsTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(List.of(), "/var/lib/berth", "unix:///run/berth/berth.sock", "/run/berth", "info"),
                Arguments.of(List.of("--data-root", "/d", "--host", "unix:///s.sock", "--exec-root", "/e",
                        "--log-level", "debug"), "/d", "unix:///s.sock", "/e", "debug"),
                Arguments.of(List.of("--data-root=/d", "--host=unix:///a=b.sock", "--exec-root=/e", "--log-level=warn"),
                        "/d", "unix:///a=b.sock", "/e", "warn"),
                Arguments.of(List.of("-H", "/x.sock", "-l", "error"), "/var/lib/berth", "/x.sock", "/run/berth",
                        "error"),
                Arguments.of(List.of("-H=unix:///y.sock", "--data-root", "/d", "--data-root", "/d2"), "/d2",
                        "unix:///y.sock", "/run/berth", "info"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesValues(List<String> argv, String dataRoot, String host, String execRoot, String level) {
        DaemonArgs a = DaemonArgs.parse(argv);
        assertThat(a.error()).isNull();
        assertThat(a.dataRoot()).isEqualTo(Path.of(dataRoot));
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.execRoot()).isEqualTo(Path.of(execRoot));
        assertThat(a.logLevel()).isEqualTo(level);
        assertThat(a.help()).isFalse();
        assertThat(a.version()).isFalse();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(List.of("--data-root"), "Missing required parameter for option '--data-root'"),
                Arguments.of(List.of("-H"), "Missing required parameter for option '-H'"),
                Arguments.of(List.of("--host="), "Empty value for option '--host'"),
                Arguments.of(List.of("--bogus"), "Unknown option: '--bogus'"),
                Arguments.of(List.of("--bogus=1"), "Unknown option: '--bogus=1'"),
                Arguments.of(List.of("stray"), "Unmatched argument: 'stray'"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(List<String> argv, String error) {
        assertThat(DaemonArgs.parse(argv).error()).isEqualTo(error);
    }

    static Stream<Arguments> flags() {
        return Stream.of(Arguments.of(List.of("-h"), true, false), Arguments.of(List.of("--help"), true, false),
                Arguments.of(List.of("-V"), false, true), Arguments.of(List.of("--version"), false, true));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void helpAndVersion(List<String> argv, boolean help, boolean version) {
        DaemonArgs a = DaemonArgs.parse(argv);
        assertThat(a.help()).isEqualTo(help);
        assertThat(a.version()).isEqualTo(version);
        assertThat(DaemonArgs.USAGE).contains("--data-root=DIR", "--host=URL", "--exec-root=DIR", "--log-level=LEVEL");
    }
}
