package dev.berth.volume.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InternalException;
import dev.berth.json.Json;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds legacy (v1) plugins as Docker does: a socket {@code <name>.sock} or {@code <name>/<name>.sock} in the
 * socket directory, else a spec file {@code <name>.spec} (one URL) or {@code <name>.json} ({@code Name},
 * {@code Addr}) — directly or in {@code <name>/} — in each spec directory in turn. The first match wins. A lookup
 * by name is never cached: a plugin that appears later is found by the next one. The scan for every plugin (each
 * list of volumes asks for it) is reused while no directory's modification time changed, for at most a second,
 * so a list costs a few {@code stat}s, not three directory reads. Thread-safe.
 */
public final class PluginDiscovery {

    /** Docker's directories: {@code /run/docker/plugins} for sockets, {@code /etc} and {@code /usr/lib} for specs. */
    public static final PluginDiscovery DOCKER = new PluginDiscovery(Path.of("/run/docker/plugins"),
            List.of(Path.of("/etc/docker/plugins"), Path.of("/usr/lib/docker/plugins")));

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socketDir;
    private final List<Path> specDirs;

    public PluginDiscovery(Path socketDir, List<Path> specDirs) {
        this.socketDir = socketDir;
        this.specDirs = List.copyOf(specDirs);
    }

    /** Sockets and spec files both in {@code dir} (a daemon started with {@code --plugin-dir}). */
    public static PluginDiscovery in(Path dir) {
        return new PluginDiscovery(dir, List.of(dir));
    }

    /**
     * The plugin of that name, if one is there. A name that is not a plain file name ({@code a/b}, {@code ..}) is
     * never found.
     *
     * @throws InternalException when its spec file cannot be read or names no usable address
     */
    public Optional<PluginAddress> find(String name) {
        if (!isPlainName(name)) {
            return Optional.empty();
        }
        for (Path p : candidates(socketDir, name, ".sock")) {
            if (isSocket(p)) {
                return Optional.of(PluginAddress.unix(name, p));
            }
        }
        for (Path dir : specDirs) {
            for (String ext : new String[] {".spec", ".json"}) {
                for (Path p : candidates(dir, name, ext)) {
                    if (Files.isRegularFile(p)) {
                        return Optional.of(readSpec(name, p));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private record Scan(long[] mtimes, long at, List<String> names) {
    }

    private volatile Scan lastScan;

    /** The names of every plugin the directories hold, socket directory first, each once. */
    public List<String> names() {
        List<Path> dirs = directories();
        long[] mtimes = new long[dirs.size()];
        for (int i = 0; i < mtimes.length; i++) {
            mtimes[i] = dirs.get(i).toFile().lastModified(); // 0 when missing; no exception on the list path
        }
        long now = System.nanoTime();
        Scan last = lastScan;
        if (last != null && now - last.at() < 1_000_000_000L && java.util.Arrays.equals(last.mtimes(), mtimes)) {
            return last.names();
        }
        List<String> names = scanAll();
        lastScan = new Scan(mtimes, now, names);
        return names;
    }

    private List<String> scanAll() {
        Set<String> names = new LinkedHashSet<>();
        scan(socketDir, ".sock", true, names);
        for (Path dir : specDirs) {
            scan(dir, ".spec", false, names);
            scan(dir, ".json", false, names);
        }
        return List.copyOf(names);
    }

    private static void scan(Path dir, String ext, boolean sockets, Set<String> names) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String file = e.getFileName().toString();
                if (file.endsWith(ext) && file.length() > ext.length()) {
                    if (sockets ? isSocket(e) : Files.isRegularFile(e)) {
                        names.add(file.substring(0, file.length() - ext.length()));
                    }
                } else if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    Path nested = e.resolve(file + ext);
                    if (sockets ? isSocket(nested) : Files.isRegularFile(nested)) {
                        names.add(file);
                    }
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            // no plugins there
        } catch (IOException e) {
            throw new InternalException("reading plugin directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> candidates(Path dir, String name, String ext) {
        return List.of(dir.resolve(name + ext), dir.resolve(name).resolve(name + ext));
    }

    static boolean isPlainName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }

    private static boolean isSocket(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static PluginAddress readSpec(String name, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InternalException("reading plugin spec " + file + ": " + e.getMessage(), e);
        }
        if (!file.getFileName().toString().endsWith(".json")) {
            return PluginAddress.parse(name, text);
        }
        JsonNode spec;
        try {
            spec = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InternalException("plugin spec " + file + ": " + e.getMessage(), e);
        }
        JsonNode tls = spec == null ? null : spec.get("TLSConfig");
        if (tls != null && !tls.isNull()) {
            throw new InternalException("plugin spec " + file + ": TLSConfig is not supported by berth");
        }
        JsonNode addr = spec == null ? null : spec.get("Addr");
        return PluginAddress.parse(name, addr == null || addr.isNull() ? "" : addr.asText());
    }

    /** The directories searched, for messages and docs. */
    public List<Path> directories() {
        List<Path> all = new ArrayList<>();
        all.add(socketDir);
        all.addAll(specDirs);
        return all;
    }
}
