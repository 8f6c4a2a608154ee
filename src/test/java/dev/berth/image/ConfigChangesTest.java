package dev.berth.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigChangesTest {

    record Invalid(String name, List<String> changes, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("RUN is not allowed", List.of("RUN echo hi"), "run is not a valid change command"),
                new Invalid("FROM is not allowed", List.of("ENV A=1", "FROM scratch"),
                        "from is not a valid change command"),
                new Invalid("SHELL is not allowed", List.of("SHELL [\"/bin/bash\"]"),
                        "shell is not a valid change command"),
                new Invalid("ENV without value", List.of("ENV A"), "ENV must have two arguments"),
                new Invalid("ENV missing =", List.of("ENV A=1 B"),
                        "Syntax error - can't find = in \"B\". Must be of the form: name=value"),
                new Invalid("ENV blank name", List.of("ENV =x"), "ENV names can not be blank"),
                new Invalid("ENV empty", List.of("ENV"), "ENV requires at least one argument"),
                new Invalid("LABEL without value", List.of("LABEL a"), "LABEL must have two arguments"),
                new Invalid("USER empty", List.of("USER"), "USER requires exactly one argument"),
                new Invalid("WORKDIR empty", List.of("WORKDIR"), "WORKDIR requires exactly one argument"),
                new Invalid("STOPSIGNAL bad", List.of("STOPSIGNAL SIGFOO"), "Invalid signal: SIGFOO"),
                new Invalid("STOPSIGNAL zero", List.of("STOPSIGNAL 0"), "Invalid signal: 0"),
                new Invalid("EXPOSE empty", List.of("EXPOSE"), "EXPOSE requires at least one argument"),
                new Invalid("EXPOSE bad port", List.of("EXPOSE abc"), "invalid containerPort: abc"),
                new Invalid("EXPOSE bad proto", List.of("EXPOSE 80/xtp"), "invalid proto: xtp"),
                new Invalid("VOLUME empty", List.of("VOLUME"), "VOLUME requires at least one argument"),
                new Invalid("VOLUME empty string", List.of("VOLUME [\"\"]"),
                        "VOLUME specified can not be an empty string"),
                new Invalid("unterminated quote", List.of("ENV A=\"x"),
                        "unexpected end of statement while looking for matching double-quote"),
                new Invalid("HEALTHCHECK type", List.of("HEALTHCHECK RUN true"),
                        "Unknown type \"RUN\" in HEALTHCHECK (try CMD)"),
                new Invalid("ONBUILD chain", List.of("ONBUILD ONBUILD RUN x"),
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void apply_invalidChange_throwsDockerText(Invalid c) {
        assertThatThrownBy(() -> ConfigChanges.apply(c.changes(), ImageConfig.EMPTY))
                .isInstanceOf(ChangeException.class)
                .hasMessage(c.error());
    }

    @Test
    void apply_envForms_legacyAndPairsWithExpansion() {
        ImageConfig c = ConfigChanges.apply(List.of(
                "ENV PATH /usr/bin:/bin",
                "env HOME=/root GREETING=\"hello world\" PATH=$PATH:/opt/bin",
                "ENV A=1 B=$A",
                "ENV A=2"), ImageConfig.EMPTY);

        assertThat(c.env()).containsExactly("PATH=/usr/bin:/bin:/opt/bin", "HOME=/root", "GREETING=hello world",
                "A=2", "B=");
    }

    @Test
    void apply_cmdAndEntrypoint_execShellAndReset() {
        ImageConfig exec = ConfigChanges.apply(List.of("CMD [\"/bin/sh\", \"-c\", \"echo hi\"]"), ImageConfig.EMPTY);
        assertThat(exec.cmd()).containsExactly("/bin/sh", "-c", "echo hi");

        ImageConfig shell = ConfigChanges.apply(List.of("CMD echo \"$HOME\""), ImageConfig.EMPTY);
        assertThat(shell.cmd()).containsExactly("/bin/sh", "-c", "echo \"$HOME\"");

        ImageConfig reset = ConfigChanges.apply(List.of("ENTRYPOINT [\"/init\"]"), exec);
        assertThat(reset.entrypoint()).containsExactly("/init");
        assertThat(reset.cmd()).isNull();

        ImageConfig both = ConfigChanges.apply(List.of("CMD [\"x\"]", "ENTRYPOINT [\"/init\"]"), ImageConfig.EMPTY);
        assertThat(both.cmd()).containsExactly("x");
    }

    @Test
    void apply_workdirUserVolumeExposeLabelStopSignal_setsConfig() {
        ImageConfig c = ConfigChanges.apply(List.of(
                "WORKDIR /srv", "WORKDIR app/../data", "USER nobody:nogroup", "VOLUME /data /logs",
                "VOLUME [\"/cache\"]", "EXPOSE 80 53/udp 8000-8002", "LABEL a=b \"c d\"=e",
                "STOPSIGNAL SIGQUIT", "# a comment", "ENV P=9000", "EXPOSE $P/tcp"), ImageConfig.EMPTY);

        assertThat(c.workingDir()).isEqualTo("/srv/data");
        assertThat(c.user()).isEqualTo("nobody:nogroup");
        assertThat(c.volumes()).containsExactly("/cache", "/data", "/logs");
        assertThat(c.exposedPorts()).containsExactly("53/udp", "80/tcp", "8000/tcp", "8001/tcp", "8002/tcp",
                "9000/tcp");
        assertThat(c.labels()).isEqualTo(Map.of("a", "b", "c d", "e"));
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
    }

    @Test
    void apply_healthcheckAndOnbuild_stored() {
        ImageConfig c = ConfigChanges.apply(List.of(
                "HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/",
                "ONBUILD RUN make"), ImageConfig.EMPTY);

        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(c.healthcheck().interval()).isEqualTo(30_000_000_000L);
        assertThat(c.healthcheck().retries()).isEqualTo(3);
        assertThat(c.onBuild()).containsExactly("RUN make");
    }

    @Test
    void apply_lineContinuation_joined() {
        ImageConfig c = ConfigChanges.apply(List.of("ENV A=1 \\", "    B=2"), ImageConfig.EMPTY);

        assertThat(c.env()).containsExactly("A=1", "B=2");
    }
}
