package dev.berth.runtime;

import dev.berth.errors.InvalidArgumentException;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Linux signal names and numbers as Docker accepts them ({@code moby/sys/signal}): a number, or a name with or
 * without the {@code SIG} prefix in any case, including {@code RTMIN+n} and {@code RTMAX-n}. Stateless.
 */
public final class Signals {

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    private static final Map<String, Integer> BY_NAME = names();

    private Signals() {
    }

    private static Map<String, Integer> names() {
        Map<String, Integer> m = new HashMap<>(Map.ofEntries(
                Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
                Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
                Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
                Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
                Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CLD", 17), Map.entry("CONT", 18),
                Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
                Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
                Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29),
                Map.entry("PWR", 30), Map.entry("SYS", 31)));
        m.put("RTMIN", SIGRTMIN);
        m.put("RTMAX", SIGRTMAX);
        for (int i = 1; i <= 15; i++) {
            m.put("RTMIN+" + i, SIGRTMIN + i);
            m.put("RTMAX-" + (15 - i), SIGRTMAX - (15 - i));
        }
        m.remove("RTMAX-0");
        return Map.copyOf(m);
    }

    /**
     * The signal number for {@code raw}: {@code 9}, {@code KILL}, {@code SIGKILL} and {@code sigkill} all give 9.
     * Like Docker, any non-zero number is accepted here; {@link #requireSupported} checks the range.
     *
     * @throws InvalidArgumentException {@code invalid signal: <raw>} for zero or an unknown name
     */
    public static int parse(String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n == 0) {
                throw invalid(raw);
            }
            return n;
        } catch (NumberFormatException notANumber) {
            String name = raw.toUpperCase(Locale.ROOT);
            Integer n = BY_NAME.get(name.startsWith("SIG") ? name.substring(3) : name);
            if (n == null) {
                throw invalid(raw);
            }
            return n;
        }
    }

    /**
     * Checks that the number is a signal this platform has, as Docker's kill does.
     *
     * @throws InvalidArgumentException {@code the linux daemon does not support signal <n>}
     */
    public static int requireSupported(int signal) {
        if (!BY_NAME.containsValue(signal)) {
            throw new InvalidArgumentException("the linux daemon does not support signal " + signal);
        }
        return signal;
    }

    private static InvalidArgumentException invalid(String raw) {
        return new InvalidArgumentException("invalid signal: " + raw);
    }
}
