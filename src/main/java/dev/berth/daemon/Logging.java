package dev.berth.daemon;

import java.util.Locale;
import java.util.Set;

/** Sets up one-line logs on stderr before the first logger exists. */
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
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn".equals(l) || "error".equals(l) ? l : "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
    }
}
