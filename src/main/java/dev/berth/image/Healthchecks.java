package dev.berth.image;

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
        long d = GoDuration.parse(value);
        if (d != 0 && d < MS) {
            throw new ChangeException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return d;
    }

    /** Go's time.ParseDuration, for the units HEALTHCHECK flags use. */
    static final class GoDuration {
        private GoDuration() {
        }

        static long parse(String s) {
            if (s.equals("0")) {
                return 0;
            }
            String text = s;
            boolean negative = text.startsWith("-");
            if (negative || text.startsWith("+")) {
                text = text.substring(1);
            }
            if (text.isEmpty()) {
                throw invalid(s);
            }
            double total = 0;
            int i = 0;
            while (i < text.length()) {
                int start = i;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                if (start == i) {
                    throw invalid(s);
                }
                double number;
                try {
                    number = Double.parseDouble(text.substring(start, i));
                } catch (NumberFormatException e) {
                    throw invalid(s);
                }
                int unitStart = i;
                while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                    i++;
                }
                double unit = switch (text.substring(unitStart, i)) {
                    case "ns" -> 1;
                    case "us", "\u00b5s", "\u03bcs" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    case "h" -> 3600e9;
                    case "" -> throw new ChangeException("time: missing unit in duration \"" + s + "\"");
                    default -> throw new ChangeException("time: unknown unit \"" + text.substring(unitStart, i)
                            + "\" in duration \"" + s + "\"");
                };
                total += number * unit;
            }
            long nanos = Math.round(total);
            return negative ? -nanos : nanos;
        }

        private static ChangeException invalid(String s) {
            return new ChangeException("time: invalid duration \"" + s + "\"");
        }
    }
}
