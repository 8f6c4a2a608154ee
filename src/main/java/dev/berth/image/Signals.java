package dev.berth.image;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers for STOPSIGNAL validation (Docker's {@code signal.ParseSignal}). */
final class Signals {

    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        String[] names = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
            "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 0; i < names.length; i++) {
            BY_NAME.put(names[i], i + 1);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("CLD", 17);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("RTMIN", 34);
        BY_NAME.put("RTMAX", 64);
        for (int i = 1; i <= 15; i++) {
            BY_NAME.put("RTMIN+" + i, 34 + i);
            BY_NAME.put("RTMAX-" + i, 64 - i);
        }
    }

    private Signals() {
    }

    /** The signal number of a name ({@code SIGTERM}, {@code term}) or number; Docker's error text otherwise. */
    static int parse(String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n == 0) {
                throw new ChangeException("Invalid signal: " + raw);
            }
            return n;
        } catch (NumberFormatException e) {
            String name = raw.toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) {
                name = name.substring(3);
            }
            Integer n = BY_NAME.get(name);
            if (n == null) {
                throw new ChangeException("Invalid signal: " + raw);
            }
            return n;
        }
    }
}
