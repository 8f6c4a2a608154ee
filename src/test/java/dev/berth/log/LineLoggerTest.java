package dev.berth.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LineLoggerTest {

    @AfterEach
    void defaultLevel() {
        LineLogs.setLevel(Level.INFO);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 1970-01-01T00:00:00.000Z",
            "1795785339445, 2026-11-27T13:15:39.445Z",
            "951782400007, 2000-02-29T00:00:00.007Z",
            "1704067199999, 2023-12-31T23:59:59.999Z",
            "-1, 1969-12-31T23:59:59.999Z",
    })
    void appendTime_rfc3339UtcWithMilliseconds(long millis, String expected) {
        StringBuilder b = new StringBuilder();
        LineLogger.appendTime(b, millis);
        assertThat(b).hasToString(expected);
    }

    @Test
    void line_timeLevelShortNameMessage() {
        assertThat(LineLogger.line(0, Level.WARN, "Pruner", "volume x: gone", null))
                .isEqualTo("1970-01-01T00:00:00.000Z WARN Pruner - volume x: gone\n");
    }

    @Test
    void line_throwableFollowsAsStackTrace() {
        String s = LineLogger.line(0, Level.ERROR, "Daemon", "failed", new IOException("disk"));
        assertThat(s).startsWith("1970-01-01T00:00:00.000Z ERROR Daemon - failed\njava.io.IOException: disk\n\tat ");
    }

    @Test
    void logger_formatsArgumentsAndTakesATrailingThrowable() {
        Logger log = LoggerFactory.getLogger("dev.berth.volume.Example");
        String out = captureErr(() -> {
            log.info("volume {}: {} bytes", "v1", 42);
            log.warn("volume {}: could not remove", "v2", new IllegalStateException("busy"));
        });
        String[] lines = out.split("\n");
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO Example - volume v1: 42 bytes");
        assertThat(lines[1]).endsWith(" WARN Example - volume v2: could not remove");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: busy");
    }

    @Test
    void levels_berthsLevelForBerth_nettyNeverBelowInfo() {
        Logger berth = LoggerFactory.getLogger("dev.berth.api.Exchange");
        Logger netty = LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline");
        assertThat(berth.isInfoEnabled()).isTrue();
        assertThat(berth.isDebugEnabled()).isFalse();

        LineLogs.setLevel(Level.DEBUG);
        assertThat(berth.isDebugEnabled()).isTrue();
        assertThat(netty.isDebugEnabled()).isFalse();
        assertThat(netty.isInfoEnabled()).isTrue();

        LineLogs.setLevel(Level.WARN);
        assertThat(berth.isInfoEnabled()).isFalse();
        assertThat(netty.isInfoEnabled()).isFalse();
        assertThat(netty.isWarnEnabled()).isTrue();
        assertThat(captureErr(() -> berth.info("not written"))).isEmpty();
    }

    @Test
    void provider_isTheOneSlf4jBinds() {
        assertThat(LoggerFactory.getLogger("x")).isInstanceOf(LineLogger.class);
    }

    private static String captureErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
