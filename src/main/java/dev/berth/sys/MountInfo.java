package dev.berth.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reader of {@code /proc/<pid>/mountinfo} (proc(5)): one {@link Entry} per mount, in the kernel's order, with
 * the octal escapes the kernel writes for space, tab, newline and backslash ({@code \040}) decoded.
 * Stateless and thread-safe; every call reads the file afresh.
 */
public final class MountInfo {
    private static final Path SELF = Path.of("/proc/self/mountinfo");

    /**
     * One mountinfo line. {@code root} is the path inside the filesystem that is mounted (not "/" for bind
     * mounts of a subdirectory); {@code options} are the per-mount options, {@code superOptions} the
     * filesystem's; {@code optionalFields} hold propagation tags such as {@code shared:3} or {@code master:1}.
     * Immutable and thread-safe.
     */
    public record Entry(int id, int parentId, int major, int minor, String root, String mountPoint, String options,
                        List<String> optionalFields, String fsType, String source, String superOptions) {
        public Entry {
            optionalFields = List.copyOf(optionalFields);
        }

        /** The mount is in a shared peer group (it propagates mount events to its peers). */
        public boolean isShared() {
            return optionalFields.stream().anyMatch(f -> f.startsWith("shared:"));
        }

        /** The mount receives mount events from a master peer group. */
        public boolean isSlave() {
            return optionalFields.stream().anyMatch(f -> f.startsWith("master:"));
        }

        /** Whether the comma-separated per-mount {@code options} contain {@code option} exactly. */
        public boolean hasOption(String option) {
            return Arrays.asList(options.split(",")).contains(option);
        }
    }

    private MountInfo() {
    }

    /** The mounts of this process's mount namespace. */
    public static List<Entry> read() throws IOException {
        return read(SELF);
    }

    public static List<Entry> read(Path mountinfoFile) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(mountinfoFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                entries.add(parseLine(line));
            }
        }
        return List.copyOf(entries);
    }

    /**
     * The mount that contains {@code path}: the entry whose mount point is the longest whole-component prefix of
     * the path (symlinks resolved when the path exists). With mounts stacked on one point the last, topmost,
     * entry wins, as it is the one visible.
     */
    public static Optional<Entry> mountOf(Path path) throws IOException {
        return mountOf(read(), resolve(path));
    }

    /** Whether something is mounted exactly at {@code path} (symlinks resolved when the path exists). */
    public static boolean isMountPoint(Path path) throws IOException {
        Path resolved = resolve(path);
        return read().stream().anyMatch(e -> Path.of(e.mountPoint()).equals(resolved));
    }

    static Optional<Entry> mountOf(List<Entry> entries, Path path) {
        Entry best = null;
        int bestDepth = -1;
        for (Entry e : entries) {
            Path mountPoint = Path.of(e.mountPoint());
            if (path.startsWith(mountPoint) && mountPoint.getNameCount() >= bestDepth) {
                best = e;
                bestDepth = mountPoint.getNameCount();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Path resolve(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    }

    static Entry parseLine(String line) throws IOException {
        String[] f = line.split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length < 10 || dash < 6 || f.length < dash + 4) {
            throw new IOException("malformed mountinfo line: " + line);
        }
        String[] devices = f[2].split(":");
        try {
            return new Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(devices[0]),
                    Integer.parseInt(devices[1]), unescape(f[3]), unescape(f[4]), f[5],
                    List.of(Arrays.copyOfRange(f, 6, dash)), unescape(f[dash + 1]), unescape(f[dash + 2]),
                    unescape(f[dash + 3]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("malformed mountinfo line: " + line, e);
        }
    }

    /** Decodes the kernel's {@code \ooo} escapes; the bytes they stand for are UTF-8. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && isOctal(in, i + 1)) {
                out[n++] = (byte) ((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 + (in[i + 3] - '0'));
                i += 3;
            } else {
                out[n++] = in[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= b.length || b[i] < '0' || b[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
