package dev.berth.runtime;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuncFeaturesTest {

    private static final String FEATURES = """
            {"ociVersionMin":"1.0.0","ociVersionMax":"1.0.2-dev",
             "mountOptions":["bind","rbind","ro","rro","rrw","tmpcopyup"],
             "linux":{"namespaces":["mount"]}}""";

    record Case(String name, String kernel, boolean rroListed, boolean recursive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("new kernel, runc lists rro", "6.1.0-18-amd64", true, true),
                new Case("exactly 5.12", "5.12.0", true, true),
                new Case("5.11 is too old", "5.11.22", true, false),
                new Case("4.x is too old", "4.19.0", true, false),
                new Case("runc without rro", "6.18.44-fc-v782", false, false),
                new Case("unparsable release", "weird", true, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void recursiveReadOnly_kernelAndRuntime_bothRequired(Case c) throws Exception {
        String json = c.rroListed() ? FEATURES : FEATURES.replace("\"rro\",", "");

        RuncFeatures f = RuncFeatures.parse("runc", json, c.kernel());

        assertThat(f.recursiveReadOnly()).isEqualTo(c.recursive());
    }

    @Test
    void parse_mountOptions_known() throws Exception {
        RuncFeatures f = RuncFeatures.parse("runc", FEATURES, "6.1");

        assertThat(f.supportsMountOption("tmpcopyup")).isTrue();
        assertThat(f.supportsMountOption("idmap")).isFalse();
    }

    @Test
    void requireRecursiveReadOnly_oldKernel_dockerText() {
        RuncFeatures f = new RuncFeatures("runc", true, Set.of("rro"), "5.10.0");

        assertThatThrownBy(f::requireRecursiveReadOnly).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("rro is not supported: function not implemented (kernel is older than 5.12?)");
    }

    @Test
    void requireRecursiveReadOnly_noFeatures_dockerText() {
        RuncFeatures f = new RuncFeatures("runc", false, Set.of(), "6.1.0");

        assertThatThrownBy(f::requireRecursiveReadOnly).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("rro is not supported by runtime \"runc\": OCI features struct is not available");
    }

    @Test
    void requireRecursiveReadOnly_runtimeWithoutRro_dockerText() {
        RuncFeatures f = new RuncFeatures("runc", true, Set.of("ro"), "6.1.0");

        assertThatThrownBy(f::requireRecursiveReadOnly).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("rro is not supported by runtime \"runc\"");
    }

    @Test
    void requireRecursiveReadOnly_supported_passes() {
        RuncFeatures f = new RuncFeatures("runc", true, Set.of("rro"), "6.1.0");

        assertThatCode(f::requireRecursiveReadOnly).doesNotThrowAnyException();
    }

    @Test
    void errorMessage_runcJsonLog_lastErrorMsg() {
        String stderr = """
                {"level":"warning","msg":"something odd","time":"2026-01-01T00:00:00Z"}
                {"level":"error","msg":"container does not exist","time":"2026-01-01T00:00:00Z"}
                """;

        assertThat(Runc.errorMessage(stderr)).isEqualTo("container does not exist");
    }

    @Test
    void errorMessage_plainText_returnedStripped() {
        assertThat(Runc.errorMessage("runc: boom\n")).isEqualTo("runc: boom");
    }
}
