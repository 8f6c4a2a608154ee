package dev.berth.image;

import dev.berth.gotext.GoTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HEALTHCHECK instruction: {@code NONE}, or flags then {@code CMD} in exec or shell form. */
final class Healthchecks {

    private static final long MS = 1_000_000L;

    private Healthchecks() {
    }

    static ImageConfig.Healthcheck parse(String rest) {
        long interval = 0;
        long timeout = 0;
        long startPeriod = 0;
        long startInterval = 0;
        int retries = 0;
        String remaining = rest.strip();
        while (remaining.startsWith("--")) {
            String[] kv = remaining.split("\\s+", 2);
            String flag = kv[0];
            remaining = kv.length > 1 ? kv[1].strip() : "";
            int eq = flag.indexOf('=');
            String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
            String value = eq < 0 ? "" : flag.substring(eq + 1);
            switch (name) {
                case "interval" -> interval = duration(name, value);
                case "timeout" -> timeout = duration(name, value);
                case "start-period" -> startPeriod = duration(name, value);
                case "start-interval" -> startInterval = duration(name, value);
                case "retries" -> {
                    try {
                        retries = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new ChangeException("invalid value for --retries: \"" + value + "\"");
                    }
                    if (retries < 0) {
                        throw new ChangeException("--retries cannot be negative (" + retries + ")");
                    }
                }
                default -> throw new ChangeException("Unknown flag: " + name);
            }
        }
        if (remaining.isEmpty()) {
            throw new ChangeException("HEALTHCHECK requires at least one argument");
        }
        String[] kv = remaining.split("\\s+", 2);
        String type = kv[0].toUpperCase(Locale.ROOT);
        String args = kv.length > 1 ? kv[1].strip() : "";
        List<String> test = new ArrayList<>();
        switch (type) {
            case "NONE" -> {
                if (!args.isEmpty()) {
                    throw new ChangeException("HEALTHCHECK NONE takes no arguments");
                }
                test.add("NONE");
            }
            case "CMD" -> {
                if (args.isEmpty()) {
                    throw new ChangeException("Missing command after HEALTHCHECK CMD");
                }
                List<String> json = ConfigChanges.jsonArray(args);
                if (json != null) {
                    test.add("CMD");
                    test.addAll(json);
                } else {
                    test.add("CMD-SHELL");
                    test.add(args);
                }
            }
            default -> throw new ChangeException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        return new ImageConfig.Healthcheck(test, interval, timeout, startPeriod, startInterval, retries);
    }

    private static long duration(String flag, String value) {
        long d;
        try {
            d = GoTime.parseDuration(value);
        } catch (GoTime.GoTimeException e) {
            throw new ChangeException(e.getMessage());
        }
        if (d != 0 && d < MS) {
            throw new ChangeException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return d;
    }
}
