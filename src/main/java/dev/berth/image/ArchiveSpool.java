package dev.berth.image;

import dev.berth.archive.Compression;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An image archive ({@code docker save} output, either layout) streamed once onto disk under a private temp dir, as
 * Docker does: its index files come last, so which entries are layers is only known at the end. Links inside the
 * archive (older Docker links repeated layers) are kept as a table and resolved lexically, never created on disk,
 * and no name can leave the spool dir. Not thread-safe; one per load.
 */
final class ArchiveSpool {

    private static final int MAX_LINK_HOPS = 40;

    private final Path dir;
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardlinks = new HashMap<>();

    private ArchiveSpool(Path dir) {
        this.dir = dir;
    }

    /** Reads the whole archive (gzip, bzip2 or plain tar) into {@code dir}, which must exist and be empty. */
    static ArchiveSpool read(InputStream archive, Path dir) throws IOException {
        ArchiveSpool spool = new ArchiveSpool(dir);
        TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(archive));
        byte[] buf = new byte[64 * 1024];
        while (true) {
            TarArchiveEntry e;
            try {
                e = tar.getNextEntry();
            } catch (IOException ex) {
                throw new LayerFormatException("invalid image archive: " + ex.getMessage(), ex);
            }
            if (e == null) {
                break;
            }
            String name = EntryNames.clean(e.getName());
            if (name.isEmpty() || e.isDirectory()) {
                continue;
            }
            if (e.isSymbolicLink()) {
                spool.symlinks.put(name, e.getLinkName());
            } else if (e.isLink()) {
                spool.hardlinks.put(name, EntryNames.clean(e.getLinkName()));
            } else if (e.isFile()) {
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = tar.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                    }
                }
            }
        }
        return spool;
    }

    /** Whether the archive has a file at {@code name} (after resolving links). */
    boolean has(String name) {
        try {
            return Files.isRegularFile(path(name), LinkOption.NOFOLLOW_LINKS);
        } catch (LayerFormatException e) {
            return false;
        }
    }

    byte[] bytes(String name) throws IOException {
        Path p = path(name);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerFormatException("invalid image archive: " + name + " is missing");
        }
        return Files.readAllBytes(p);
    }

    long size(String name) throws IOException {
        return Files.size(path(name));
    }

    InputStream open(String name) throws IOException {
        Path p = path(name);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerFormatException("invalid image archive: " + name + " is missing");
        }
        return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** The spool file an archive name refers to, following the archive's own links inside the archive only. */
    Path path(String name) {
        String current = EntryNames.clean(name);
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            String resolved = resolveOnce(current);
            if (resolved.equals(current)) {
                return current.isEmpty() ? dir : dir.resolve(current);
            }
            current = resolved;
        }
        throw new LayerFormatException("invalid image archive: too many links resolving " + name);
    }

    private String resolveOnce(String name) {
        String[] parts = name.split("/");
        String prefix = "";
        for (int i = 0; i < parts.length; i++) {
            prefix = EntryNames.join(prefix, parts[i]);
            String rest = String.join("/", java.util.Arrays.asList(parts).subList(i + 1, parts.length));
            String hard = hardlinks.get(prefix);
            if (hard != null) {
                return EntryNames.clean(EntryNames.join(hard, rest));
            }
            String target = symlinks.get(prefix);
            if (target != null) {
                String base = target.startsWith("/") ? target : EntryNames.join(EntryNames.parent(prefix), target);
                return EntryNames.clean(EntryNames.join(base, rest));
            }
        }
        return name;
    }
}
