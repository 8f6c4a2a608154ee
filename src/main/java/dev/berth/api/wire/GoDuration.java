package dev.berth.api.wire;

import java.time.Duration;

/** Docker's {@code units.HumanDuration}: "Less than a second", "5 seconds", "About a minute", "3 hours", ... */
public final class GoDuration {

    private GoDuration() {
    }

    public static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return (hours / 24) + " days";
        }
        if (hours < 24 * 30 * 2) {
            return (hours / 24 / 7) + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return (hours / 24 / 30) + " months";
        }
        return (d.toHours() / 24 / 365) + " years";
    }
}
