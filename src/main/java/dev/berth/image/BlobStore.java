package dev.berth.image;

import dev.berth.sys.FileSys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Small content-addressed blobs (image configs) under {@code blobs/sha256/<hex>}: written to a temp file, fsync'd,
 * renamed into place, so a blob is either whole or absent. Reads verify the digest. Thread-safe (files are
 * immutable once visible; concurrent writes of one digest write identical bytes).
 */
final class BlobStore {

    private final Path dir;

    BlobStore(Path imageRoot) throws IOException {
        this.dir = Files.createDirectories(imageRoot.resolve("blobs").resolve("sha256"));
    }

    /** Stores {@code data} durably and returns its digest. */
    String put(byte[] data) throws IOException {
        String digest = Digests.of(data);
        Path target = dir.resolve(Digests.hex(digest));
        if (Files.exists(target)) {
            return digest;
        }
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, data);
            FileSys.fsync(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSys.fsync(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return digest;
    }

    /** The blob's bytes, or null when absent or corrupt (its content no longer matches its digest). */
    byte[] get(String digest) throws IOException {
        try {
            byte[] data = Files.readAllBytes(dir.resolve(Digests.hex(digest)));
            return Digests.of(data).equals(digest) ? data : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    void remove(String digest) throws IOException {
        Files.deleteIfExists(dir.resolve(Digests.hex(digest)));
    }

    /** Digests of every blob, and removes temp files an interrupted write left. */
    Set<String> digests() throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".tmp-")) {
                    Files.deleteIfExists(p);
                } else {
                    out.add("sha256:" + name);
                }
            }
        }
        return out;
    }
}
