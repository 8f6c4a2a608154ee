package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What Docker puts in every container's spec unless told otherwise (moby {@code oci.DefaultLinuxSpec} and
 * {@code caps.DefaultCapabilities}). Stateless.
 */
final class DockerDefaults {

    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<String> BASE_MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats",
            "/sys/devices/virtual/powercap", "/sys/firmware");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** Deny everything, then allow null, zero, full... as moby does; fuse (10:229) is denied explicitly. */
    static final List<OciSpec.DeviceRule> DEVICE_RULES = List.of(
            new OciSpec.DeviceRule(false, null, null, null, "rwm"),
            charDevice(true, 1, 5),
            charDevice(true, 1, 3),
            charDevice(true, 1, 9),
            charDevice(true, 1, 8),
            charDevice(true, 5, 0),
            charDevice(true, 5, 1),
            charDevice(false, 10, 229));

    private DockerDefaults() {
    }

    private static OciSpec.DeviceRule charDevice(boolean allow, long major, long minor) {
        return new OciSpec.DeviceRule(allow, "c", major, minor, "rwm");
    }

    /** The default mounts, with {@code /dev/shm} sized to {@code shmSize} bytes. */
    static List<OciSpec.Mount> mounts(long shmSize) {
        return List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize)));
    }

    /**
     * The masked paths for this host: the fixed list plus each possible CPU's {@code thermal_throttle} directory
     * that exists (moby masks those since GHSA-6fw5-f8r9-fgfm).
     */
    static List<String> maskedPaths() {
        List<String> paths = new ArrayList<>(BASE_MASKED_PATHS);
        for (int cpu : possibleCpus()) {
            String p = "/sys/devices/system/cpu/cpu" + cpu + "/thermal_throttle";
            if (Files.exists(Path.of(p))) {
                paths.add(p);
            }
        }
        return List.copyOf(paths);
    }

    private static List<Integer> possibleCpus() {
        try {
            return parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Parses the kernel's cpu list format, e.g. {@code 0-3,8,10-11}. */
    static List<Integer> parseCpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }
}
