package dev.berth.api.wire;

import dev.berth.image.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-for-byte Docker JSON messages (jsonmessage.JSONMessage as streamformatter writes them) and progress bars. */
class ImageMessagesTest {

    private static final String ID = "0123456789ab";

    record Case(String name, Progress progress, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> messages() {
        return Stream.of(
                new Case("import result", new Progress.Status(null, "sha256:" + "a".repeat(64)),
                        "{\"status\":\"sha256:" + "a".repeat(64) + "\"}\r\n"),
                new Case("status with id", new Progress.Status("latest", "Pulling from library/busybox"),
                        "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n"),
                new Case("half-way bar", new Progress.Bar(ID, "Loading layer", 512, 1024),
                        "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":512,\"total\":1024},"
                                + "\"progress\":\"[" + "=".repeat(25) + "\\u003e" + " ".repeat(25) + "]     512B/1.024kB\","
                                + "\"id\":\"" + ID + "\"}\r\n"),
                new Case("finished bar", new Progress.Bar(ID, "Loading layer", 1982291, 1982291),
                        "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":1982291,\"total\":1982291},"
                                + "\"progress\":\"[" + "=".repeat(50) + "\\u003e]  1.982MB/1.982MB\",\"id\":\"" + ID
                                + "\"}\r\n"),
                new Case("bar before any byte", new Progress.Bar(ID, "Loading layer", 0, 0),
                        "{\"status\":\"Loading layer\",\"progressDetail\":{},\"id\":\"" + ID + "\"}\r\n"),
                new Case("bar without total", new Progress.Bar(null, "Importing", 1536, 0),
                        "{\"status\":\"Importing\",\"progressDetail\":{\"current\":1536},\"progress\":\" 1.536kB\"}\r\n"),
                new Case("loaded line", new Progress.Line("Loaded image: busybox:latest\n"),
                        "{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n"),
                new Case("html and control characters escaped as Go does",
                        new Progress.Line("a<b>&c\u001b\u2028é😀\n"),
                        "{\"stream\":\"a\\u003cb\\u003e\\u0026c\\u001b\\u2028é😀\\n\"}\r\n"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encode_progress_isDockerJsonMessage(Case c) {
        assertThat(new String(ImageMessages.encode(c.progress()), StandardCharsets.UTF_8)).isEqualTo(c.line());
    }

    @Test
    void error_message_isErrorDetailAndDeprecatedError() {
        assertThat(new String(ImageMessages.error("open /x/json: no such file & dir"), StandardCharsets.UTF_8))
                .isEqualTo("{\"errorDetail\":{\"message\":\"open /x/json: no such file \\u0026 dir\"},"
                        + "\"error\":\"open /x/json: no such file \\u0026 dir\"}\r\n");
    }

    record Bar(String name, long current, long total, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bar> bars() {
        return Stream.of(
                new Bar("nothing yet", 0, 0, ""),
                new Bar("unknown total", 999, 0, "    999B"),
                new Bar("start", 0, 4_403_200, "[>" + " ".repeat(50) + "]       0B/4.403MB"),
                new Bar("one percent rounds down", 87_000, 4_403_200, "[>" + " ".repeat(50) + "]     87kB/4.403MB"),
                new Bar("three quarters", 3_302_400, 4_403_200,
                        "[" + "=".repeat(37) + ">" + " ".repeat(13) + "]  3.302MB/4.403MB"),
                new Bar("overshoot shows current only", 2000, 1000, "[" + "=".repeat(50) + ">]      2kB"));
    }

    @ParameterizedTest
    @MethodSource("bars")
    void bar_currentAndTotal_rendersAsJsonProgressString(Bar b) {
        assertThat(ImageMessages.bar(b.current(), b.total())).isEqualTo(b.text());
    }

    record Size(long bytes, String text) {
    }

    static Stream<Size> sizes() {
        return Stream.of(new Size(0, "0B"), new Size(999, "999B"), new Size(1000, "1kB"), new Size(1536, "1.536kB"),
                new Size(10_240, "10.24kB"), new Size(100_000, "100kB"), new Size(999_950, "1000kB"),
                new Size(1_982_291, "1.982MB"), new Size(123_456_789_012L, "123.5GB"),
                new Size(5_000_000_000_000L, "5TB"));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void humanSize_bytes_isGoUnitsHumanSize(Size s) {
        assertThat(ImageMessages.humanSize(s.bytes())).isEqualTo(s.text());
    }
}
