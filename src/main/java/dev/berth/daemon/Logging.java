package dev.berth.daemon;

import dev.berth.log.LineLogs;
import org.slf4j.event.Level;

import java.util.Locale;
import java.util.Set;

/** Checks the daemon's --log-level and sets it ({@link LineLogs}). */
final class Logging {

    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private Logging() {
    }

    static void configure(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (l.equals("warning")) {
            l = "warn";
        }
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException("invalid log level: " + level);
        }
        LineLogs.setLevel(Level.valueOf(l.toUpperCase(Locale.ROOT)));
    }
}
