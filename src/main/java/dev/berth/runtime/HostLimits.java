package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The hard resource limits of this process, which runc and the container inherit: asking runc for more fails, so
 * the spec builder caps every rlimit to them. Values are unsigned; -1 means unlimited. Immutable and thread-safe.
 */
record HostLimits(Map<String, Long> hard) {

    private static final Map<String, String> ROWS = Map.ofEntries(
            Map.entry("Max cpu time", "RLIMIT_CPU"),
            Map.entry("Max file size", "RLIMIT_FSIZE"),
            Map.entry("Max data size", "RLIMIT_DATA"),
            Map.entry("Max stack size", "RLIMIT_STACK"),
            Map.entry("Max core file size", "RLIMIT_CORE"),
            Map.entry("Max resident set", "RLIMIT_RSS"),
            Map.entry("Max processes", "RLIMIT_NPROC"),
            Map.entry("Max open files", "RLIMIT_NOFILE"),
            Map.entry("Max locked memory", "RLIMIT_MEMLOCK"),
            Map.entry("Max address space", "RLIMIT_AS"),
            Map.entry("Max file locks", "RLIMIT_LOCKS"),
            Map.entry("Max pending signals", "RLIMIT_SIGPENDING"),
            Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"),
            Map.entry("Max nice priority", "RLIMIT_NICE"),
            Map.entry("Max realtime priority", "RLIMIT_RTPRIO"),
            Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

    HostLimits {
        hard = Map.copyOf(hard);
    }

    static HostLimits current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return new HostLimits(Map.of());
        }
    }

    /** Parses {@code /proc/<pid>/limits}: a header line, then "name  soft  hard  [units]" in fixed columns. */
    static HostLimits parse(String text) {
        Map<String, Long> hard = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.length() < 47) {
                continue;
            }
            String type = ROWS.get(line.substring(0, 26).strip());
            if (type == null) {
                continue;
            }
            String[] values = line.substring(26).strip().split("\\s+");
            if (values.length >= 2) {
                hard.put(type, "unlimited".equals(values[1]) ? -1L : Long.parseUnsignedLong(values[1]));
            }
        }
        return new HostLimits(hard);
    }

    /** The rlimit with its hard (and, if needed, soft) value lowered to this host's hard limit. */
    OciSpec.Rlimit cap(String type, long soft, long hard) {
        Long max = this.hard.get(type);
        long h = max != null && Long.compareUnsigned(hard, max) > 0 ? max : hard;
        long s = Long.compareUnsigned(soft, h) > 0 ? h : soft;
        return new OciSpec.Rlimit(type, h, s);
    }
}
