package dev.berth.gotext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Go's time.ParseDuration (the cases of Go's own documentation and tests) and moby's GetTimestamp +
 * ParseTimestamps, which the prune filters' {@code until} goes through.
 */
class GoTimeTest {

    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    record Duration(String input, long nanos, String error) {
        static Duration ok(String input, long nanos) {
            return new Duration(input, nanos, null);
        }

        static Duration err(String input, String error) {
            return new Duration(input, 0, error);
        }

        @Override
        public String toString() {
            return GoQuote.quote(input);
        }
    }

    static Stream<Duration> durations() {
        return Stream.of(
                Duration.ok("0", 0),
                Duration.ok("5s", 5 * S),
                Duration.ok("30s", 30 * S),
                Duration.ok("1478s", 1478 * S),
                Duration.ok("-5s", -5 * S),
                Duration.ok("+5s", 5 * S),
                Duration.ok("-0", 0),
                Duration.ok("+0", 0),
                Duration.ok("5.0s", 5 * S),
                Duration.ok("5.6s", 5 * S + 600_000_000L),
                Duration.ok("5.s", 5 * S),
                Duration.ok(".5s", 500_000_000L),
                Duration.ok("1.004s", S + 4_000_000L),
                Duration.ok("100.00100s", 100 * S + 1_000_000L),
                Duration.ok("10ns", 10),
                Duration.ok("11us", 11_000),
                Duration.ok("12\u00b5s", 12_000),
                Duration.ok("12\u03bcs", 12_000),
                Duration.ok("13ms", 13_000_000),
                Duration.ok("15m", 15 * M),
                Duration.ok("16h", 16 * H),
                Duration.ok("3h30m", 3 * H + 30 * M),
                Duration.ok("10.5s4m", 4 * M + 10 * S + 500_000_000L),
                Duration.ok("-2m3.4s", -(2 * M + 3 * S + 400_000_000L)),
                Duration.ok("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4_000_000 + 5_000 + 6),
                Duration.ok("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425_000_000L),
                Duration.ok("52763797000ns", 52_763_797_000L),
                Duration.ok("0.3333333333333333333h", 20 * M),
                Duration.ok("9007199254740993ns", (1L << 53) + 1),
                Duration.ok("9223372036854775807ns", Long.MAX_VALUE),
                Duration.ok("9223372036854775.807us", Long.MAX_VALUE),
                Duration.ok("9223372036s854ms775us807ns", Long.MAX_VALUE),
                Duration.ok("-9223372036854775808ns", Long.MIN_VALUE),
                Duration.ok("-9223372036854775.808us", Long.MIN_VALUE),
                Duration.ok("-2562047h47m16.854775808s", Long.MIN_VALUE),
                Duration.ok("0.100000000000000000000h", 6 * M),
                Duration.ok("0.830103483285477580700h", 49 * M + 48 * S + 372_539_827L),
                Duration.err("", "time: invalid duration \"\""),
                Duration.err("3", "time: missing unit in duration \"3\""),
                Duration.err("-", "time: invalid duration \"-\""),
                Duration.err("s", "time: invalid duration \"s\""),
                Duration.err(".", "time: invalid duration \".\""),
                Duration.err("-.", "time: invalid duration \"-.\""),
                Duration.err(".s", "time: invalid duration \".s\""),
                Duration.err("+.s", "time: invalid duration \"+.s\""),
                Duration.err("1d", "time: unknown unit \"d\" in duration \"1d\""),
                Duration.err("1.5x2h", "time: unknown unit \"x\" in duration \"1.5x2h\""),
                Duration.err("24h ", "time: unknown unit \"h \" in duration \"24h \""),
                Duration.err("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
                Duration.err("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\""),
                Duration.err("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\""),
                Duration.err("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""),
                Duration.err("18446744073709551620ns", "time: invalid duration \"18446744073709551620ns\""),
                Duration.err("92233720368547758080ns", "time: invalid duration \"92233720368547758080ns\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void parseDuration(Duration c) {
        if (c.error() == null) {
            assertThat(GoTime.parseDuration(c.input())).isEqualTo(c.nanos());
        } else {
            assertThatThrownBy(() -> GoTime.parseDuration(c.input()))
                    .isInstanceOf(GoTime.GoTimeException.class).hasMessage(c.error());
        }
    }

    /** 2006-01-02T15:04:05Z, Go's reference time. */
    private static final long REF = 1136214245L;
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.750Z");
    private static final ZoneId PLUS_TWO = ZoneOffset.ofHours(2);

    record Stamp(String input, ZoneId zone, Instant instant, String error) {
        static Stamp ok(String input, Instant instant) {
            return new Stamp(input, ZoneOffset.UTC, instant, null);
        }

        static Stamp inZone(String input, ZoneId zone, Instant instant) {
            return new Stamp(input, zone, instant, null);
        }

        static Stamp err(String input, String error) {
            return new Stamp(input, ZoneOffset.UTC, null, error);
        }

        @Override
        public String toString() {
            return GoQuote.quote(input) + " in " + zone;
        }
    }

    static Instant at(long seconds, long nanos) {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    static Stream<Stamp> stamps() {
        return Stream.of(
                // durations count back from now, in whole seconds
                Stamp.ok("1m", at(NOW.getEpochSecond() - 60, 0)),
                Stamp.ok("1.5h", at(NOW.getEpochSecond() - 5400, 0)),
                Stamp.ok("1h30m", at(NOW.getEpochSecond() - 5400, 0)),
                Stamp.ok("-10m", at(NOW.getEpochSecond() + 600, 0)),
                // "0" is unix time 0, not a duration
                Stamp.ok("0", Instant.EPOCH),
                // unix seconds with an optional fraction
                Stamp.ok("1136073600", at(1136073600L, 0)),
                Stamp.ok("1136073600.000000001", at(1136073600L, 1)),
                Stamp.ok("1136073600.5", at(1136073600L, 500_000_000)),
                Stamp.ok("+5", at(5, 0)),
                // times, in the daemon's zone unless they name one
                Stamp.ok("2006-01-02T15:04:05", at(REF, 0)),
                Stamp.ok("2006-01-02T15:04:05.999999999", at(REF, 999_999_999)),
                Stamp.ok("2006-01-02T15:04:05.5", at(REF, 500_000_000)),
                Stamp.ok("2006-01-02T15:04:05Z", at(REF, 0)),
                Stamp.ok("2006-01-02T15:04:05.999999999Z", at(REF, 999_999_999)),
                Stamp.ok("2006-01-02T15:04:05+07:00", at(REF - 7 * 3600, 0)),
                Stamp.ok("2006-01-02T15:04:05.999999999+07:00", at(REF - 7 * 3600, 999_999_999)),
                Stamp.ok("2006-01-02T15:04:05-07:00", at(REF + 7 * 3600, 0)),
                Stamp.ok("2006-01-02T15:04", at(REF - 5, 0)),
                Stamp.ok("2006-01-02T15", at(REF - 245, 0)),
                Stamp.ok("2006-01-02T15:04Z", at(REF - 5, 0)),
                Stamp.ok("2006-01-02T15Z", at(REF - 245, 0)),
                Stamp.ok("2006-01-02T15:04+01:00", at(REF - 5 - 3600, 0)),
                Stamp.ok("2006-01-02", at(REF - 15 * 3600 - 245, 0)),
                Stamp.ok("2006-01-02Z", at(REF - 15 * 3600 - 245, 0)),
                Stamp.ok("2006-01-02+01:00", at(REF - 16 * 3600 - 245, 0)),
                Stamp.ok("2006-01-02T5", at(REF - 10 * 3600 - 245, 0)),
                Stamp.inZone("2006-01-02T15:04:05", PLUS_TWO, at(REF - 7200, 0)),
                Stamp.inZone("2006-01-02", PLUS_TWO, at(REF - 15 * 3600 - 245 - 7200, 0)),
                Stamp.inZone("2006-01-02T15:04:05Z", PLUS_TWO, at(REF, 0)),
                // what none of the forms takes
                Stamp.err("bogus", "failed to parse value as time or duration: \"bogus\""),
                Stamp.err("", "failed to parse value as time or duration: \"\""),
                Stamp.err("1.", "failed to parse value as time or duration: \"1.\""),
                Stamp.err("24x", "failed to parse value as time or duration: \"24x\""),
                // a dash makes it a date, whose parse error is Go's
                Stamp.err("2006-13-02", "parsing time \"2006-13-02\": month out of range"),
                Stamp.err("2006-02-30", "parsing time \"2006-02-30\": day out of range"),
                Stamp.err("2006-01-02T25:00", "parsing time \"2006-01-02T25:00\": hour out of range"),
                Stamp.err("2006-1-02", "parsing time \"2006-1-02\" as \"2006-01-02\": cannot parse \"1-02\" as \"01\""),
                Stamp.err("2006/01/02-", "parsing time \"2006/01/02-\" as \"2006-01-02\": cannot parse \"/01/02-\" as \"-\""),
                Stamp.err("2006-01-02x", "parsing time \"2006-01-02x\": extra text: \"x\""),
                Stamp.err("-1", "parsing time \"-1\" as \"2006-01-02\": cannot parse \"-1\" as \"2006\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stamps")
    void timestamp(Stamp c) {
        if (c.error() == null) {
            assertThat(GoTime.timestamp(c.input(), NOW, c.zone())).isEqualTo(c.instant());
        } else {
            assertThatThrownBy(() -> GoTime.timestamp(c.input(), NOW, c.zone()))
                    .isInstanceOf(GoTime.GoTimeException.class).hasMessage(c.error());
        }
    }

    @Test
    void dateWithoutZone_readAtTheZonesOffsetNow_asMobysFixedZone() {
        // Berlin is at +02:00 in June: a January date without a zone is read at +02:00 too, as moby does.
        Instant june = Instant.parse("2024-06-01T12:00:00Z");
        assertThat(GoTime.timestamp("2024-01-01", june, ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2023-12-31T22:00:00Z"));
    }

    @Test
    void atoiAsGo() {
        assertThat(GoStrconv.atoi("42")).isEqualTo(42);
        assertThat(GoStrconv.atoi("+42")).isEqualTo(42);
        assertThat(GoStrconv.atoi("-42")).isEqualTo(-42);
        assertThat(GoStrconv.atoi("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"", "+", "-", "abc", "1.5", " 1", "1_000", "+-1", "0x10"}) {
            assertThatThrownBy(() -> GoStrconv.atoi(bad)).hasMessage("strconv.Atoi: parsing "
                    + GoQuote.quote(bad) + ": invalid syntax");
        }
        assertThatThrownBy(() -> GoStrconv.atoi("9223372036854775808"))
                .hasMessage("strconv.Atoi: parsing \"9223372036854775808\": value out of range");
    }
}
