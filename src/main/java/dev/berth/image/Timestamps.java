package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Docker's filter timestamps: a Go duration before now, unix seconds (with fraction), RFC 3339 or a date. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant parse(String value, Instant now) {
        try {
            return now.minusNanos(Healthchecks.GoDuration.parse(value));
        } catch (ChangeException notDuration) {
            // not a duration; try the other forms
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        } catch (NumberFormatException notNumber) {
            // not unix time
        }
        Instant t = Times.parse(value);
        if (t != null) {
            return t;
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidArgumentException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}
