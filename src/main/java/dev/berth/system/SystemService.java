package dev.berth.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Host and engine facts for {@code /info} and {@code /version}. Host facts are read once at start; counts come
 * from the services on each call. Thread-safe.
 */
public final class SystemService {

    public static final String ENGINE_VERSION = "28.5.0";
    public static final String BERTH_VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(SystemService.class);

    private final SystemInfo base;
    private final Supplier<SystemInfo.Counts> counts;

    public SystemService(Path dataRoot, String apiVersion, String minApiVersion, String runtimePath,
                         String runtimeVersion, String runtimeCommit, Supplier<SystemInfo.Counts> counts) {
        this.counts = counts;
        this.base = new SystemInfo(engineId(dataRoot), ENGINE_VERSION, BERTH_VERSION, apiVersion, minApiVersion,
                read("/proc/sys/kernel/osrelease", System.getProperty("os.version")), osName(), osVersion(),
                "x86_64".equals(arch()) ? "x86_64" : arch(), goArch(), cpus(), memTotal(), hostname(),
                dataRoot.toString(), runtimePath, runtimeVersion, runtimeCommit, cgroupVersion(),
                backingFilesystem(dataRoot), new SystemInfo.Counts(0, 0, 0, 0, 0));
    }

    public SystemInfo info() {
        SystemInfo b = base;
        return new SystemInfo(b.id(), b.engineVersion(), b.berthVersion(), b.apiVersion(), b.minApiVersion(),
                b.kernelVersion(), b.operatingSystem(), b.osVersion(), b.architecture(), b.goArch(), b.cpus(),
                b.memTotal(), b.hostname(), b.dataRoot(), b.runtimePath(), b.runtimeVersion(), b.runtimeCommit(),
                b.cgroupVersion(), b.backingFilesystem(), counts.get());
    }

    /**
     * The CPUs this process may run on, as Docker counts them (its affinity mask), from {@code Cpus_allowed_list}.
     * The JVM's own count also honours a cgroup CPU quota, which Docker's NCPU does not.
     */
    private static int cpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    int n = countCpuList(line.substring("Cpus_allowed_list:".length()));
                    if (n > 0) {
                        return n;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many CPUs a kernel CPU list names ({@code 0-3,6} is 5); 0 when it cannot be read. */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            try {
                if (dash < 0) {
                    Integer.parseInt(part);
                    n++;
                } else {
                    int from = Integer.parseInt(part.substring(0, dash));
                    int to = Integer.parseInt(part.substring(dash + 1));
                    if (to < from) {
                        return 0;
                    }
                    n += to - from + 1;
                }
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return n;
    }

    /** The data root's filesystem by Docker's names (its graphdriver table); {@code <unknown>} otherwise. */
    private static String backingFilesystem(Path dataRoot) {
        try {
            return filesystemName(dev.berth.sys.FileSys.statfs(dataRoot).type());
        } catch (IOException | RuntimeException e) {
            return "<unknown>";
        }
    }

    static String filesystemName(long magic) {
        return switch ((int) magic) {
            case 0x61756673 -> "aufs";
            case 0x9123683E -> "btrfs";
            case 0x28cd3d45 -> "cramfs";
            case 0xf15f -> "ecryptfs";
            case 0xEF53 -> "extfs";
            case 0xF2F52010 -> "f2fs";
            case 0x65735546 -> "fuse";
            case 0x47504653 -> "gpfs";
            case 0x000072b6 -> "jffs2";
            case 0x3153464a -> "jfs";
            case 0x6969 -> "nfs";
            case 0x794C7630 -> "overlayfs";
            case 0x858458f6 -> "ramfs";
            case 0x52654973 -> "reiserfs";
            case 0x517B -> "smb";
            case 0x73717368 -> "squashfs";
            case 0x01021994 -> "tmpfs";
            case 0xa501fcf5 -> "vxfs";
            case 0x58465342 -> "xfs";
            case 0x2fc12fc1 -> "zfs";
            default -> "<unknown>";
        };
    }

    /** A stable engine id kept in the data root (Docker keeps one in engine-id). */
    private static String engineId(Path dataRoot) {
        Path f = dataRoot.resolve("engine-id");
        try {
            if (Files.exists(f)) {
                return Files.readString(f).trim();
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataRoot);
            Files.writeString(f, id);
            return id;
        } catch (IOException e) {
            log.warn("engine id: {}", e.getMessage());
            return UUID.randomUUID().toString();
        }
    }

    private static String read(String file, String fallback) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return fallback;
        }
    }

    private static String osRelease(String key, String fallback) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return fallback;
    }

    private static String osName() {
        return osRelease("PRETTY_NAME", "Linux");
    }

    private static String osVersion() {
        return osRelease("VERSION_ID", "");
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return "amd64".equals(a) ? "x86_64" : a;
    }

    private static String goArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    List<String> parts = List.of(line.split("\\s+"));
                    return Long.parseLong(parts.get(1)) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("read /proc/meminfo: {}", e.getMessage());
        }
        return 0;
    }

    private static String hostname() {
        return read("/proc/sys/kernel/hostname", "localhost");
    }

    private static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }
}
