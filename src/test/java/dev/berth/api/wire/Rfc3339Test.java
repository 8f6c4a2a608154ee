package dev.berth.api.wire;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Go's time.RFC3339 and RFC3339Nano in a UTC daemon (the zone is read once, from the JVM default). */
class Rfc3339Test {

    @BeforeAll
    static void utcOnly() {
        assumeTrue(ZoneId.systemDefault().normalized().equals(ZoneOffset.UTC)
                        || ZoneId.systemDefault().getId().equals("Etc/UTC"),
                "these rows are for a daemon running in UTC");
    }

    record Case(String name, long seconds, int nanos, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> secondsCases() {
        return Stream.of(
                new Case("epoch", 0, 0, "1970-01-01T00:00:00Z"),
                new Case("before epoch", -1, 0, "1969-12-31T23:59:59Z"),
                new Case("a date", 1_795_707_000L, 0, "2026-11-26T15:30:00Z"),
                new Case("leap day", 951_825_600L, 0, "2000-02-29T12:00:00Z"),
                new Case("end of year", 1_767_225_599L, 0, "2025-12-31T23:59:59Z"),
                new Case("year 1", -62_135_596_800L, 0, "0001-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondsCases")
    void seconds_epoch_goRfc3339(Case c) {
        assertThat(Rfc3339.seconds(c.seconds())).isEqualTo(c.expected());
    }

    static Stream<Case> nanosCases() {
        long t = 1_795_707_000L;
        return Stream.of(
                new Case("no fraction", t, 0, "2026-11-26T15:30:00Z"),
                new Case("half second", t, 500_000_000, "2026-11-26T15:30:00.5Z"),
                new Case("millis", t, 123_000_000, "2026-11-26T15:30:00.123Z"),
                new Case("trailing zero trimmed", t, 120_000_000, "2026-11-26T15:30:00.12Z"),
                new Case("micros", t, 123_456_000, "2026-11-26T15:30:00.123456Z"),
                new Case("all nine digits", t, 999_999_999, "2026-11-26T15:30:00.999999999Z"),
                new Case("one nanosecond", t, 1, "2026-11-26T15:30:00.000000001Z"),
                new Case("leading zeros kept", t, 5_000_000, "2026-11-26T15:30:00.005Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nanosCases")
    void nanos_epochAndNanos_goRfc3339Nano(Case c) {
        assertThat(Rfc3339.nanos(c.seconds(), c.nanos())).isEqualTo(c.expected());
        assertThat(Rfc3339.nanos(Instant.ofEpochSecond(c.seconds(), c.nanos()))).isEqualTo(c.expected());
    }

    @Test
    void seconds_sameInstantAsJavaTime_agree() {
        for (long s = 1_700_000_000L; s < 1_700_000_000L + 400 * 86_400L; s += 86_399L) {
            assertThat(Rfc3339.seconds(s)).isEqualTo(Instant.ofEpochSecond(s).toString());
        }
    }
}
