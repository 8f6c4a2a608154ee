package dev.berth.image;

import dev.berth.archive.Compression;

import dev.berth.json.Json;
import dev.berth.sys.FileSys;
import dev.berth.sys.Trees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Layers on disk, each unpacked once per chain ID into {@code layers/<chain hex>/diff} next to its tar-split and a
 * small {@code layer.json} (diff ID, parent chain ID, sizes). A layer is unpacked in {@code tmp/} and appears by one
 * atomic rename, so a crash never leaves a half layer visible; {@link #cleanTemp()} removes leftovers at start.
 * Which layers are still needed is the caller's knowledge: this class never decides to delete on its own.
 * Thread-safe: registration and removal of one chain ID are serialised by a per-chain lock.
 */
final class LayerStore {

    private static final Logger log = LoggerFactory.getLogger(LayerStore.class);
    static final String DIFF = "diff";
    static final String DUP = "dup";
    static final String TAR_SPLIT = "tar-split.gz";
    static final String META = "layer.json";

    /** One unpacked layer. {@code parent} is the chain ID below it, null for a bottom layer. Immutable. */
    record Layer(String chainId, String diffId, String parent, long size, long tarSize, Path dir) {
        Path diff() {
            return dir.resolve(DIFF);
        }
    }

    private record Meta(String chainId, String diffId, String parent, long size, long tarSize) {}

    private final Path layers;
    private final Path tmp;
    private final KeyedLocks locks = new KeyedLocks();

    LayerStore(Path imageRoot) throws IOException {
        this.layers = Files.createDirectories(imageRoot.resolve("layers"));
        this.tmp = Files.createDirectories(imageRoot.resolve("tmp"));
    }

    Path tmpDir() {
        return tmp;
    }

    /** Removes whatever an interrupted unpack, load or removal left in {@code tmp/}. Call before any other use. */
    void cleanTemp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                log.info("removing leftover {}", p);
                Trees.deleteRecursively(p);
            }
        }
    }

    /** The layer with this chain ID, or null when it is not on disk. */
    Layer get(String chainId) throws IOException {
        Path dir = layers.resolve(Digests.hex(chainId));
        try {
            Meta m = Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(META)), Meta.class);
            return new Layer(m.chainId(), m.diffId(), m.parent(), m.size(), m.tarSize(), dir);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Chain IDs of every layer on disk. */
    Set<String> chainIds() throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layers)) {
            for (Path p : ds) {
                out.add("sha256:" + p.getFileName());
            }
        }
        return out;
    }

    /**
     * Unpacks a layer tar (gzip, bzip2 or plain) on top of {@code parentChain} and returns it. When
     * {@code expectedDiffId} is given the content must hash to it, or nothing is kept. When the same layer appeared
     * meanwhile, that one is returned and this unpack discarded.
     */
    Layer register(String parentChain, InputStream tar, String expectedDiffId) throws IOException {
        return register(parentChain, tar, expectedDiffId, chainId -> { });
    }

    /**
     * As {@link #register(String, InputStream, String)}; {@code claim} receives the chain ID once the content is
     * hashed and before the layer is looked up or published, so the caller can protect it from collection.
     */
    Layer register(String parentChain, InputStream tar, String expectedDiffId,
                   java.util.function.Consumer<String> claim) throws IOException {
        Path work = tmp.resolve("layer-" + UUID.randomUUID());
        Files.createDirectory(work);
        boolean kept = false;
        try {
            Path diff = work.resolve(DIFF);
            Files.createDirectory(diff);
            FileSys.chmod(diff, 0755);
            LayerUnpacker.Result r = LayerUnpacker.unpack(Compression.decompress(tar), diff,
                    work.resolve(TAR_SPLIT), work.resolve(DUP));
            if (expectedDiffId != null && !expectedDiffId.equals(r.diffId())) {
                throw new LayerFormatException("invalid diffID for layer: expected \"" + expectedDiffId
                        + "\", got \"" + r.diffId() + "\"");
            }
            String chainId = Digests.chainId(parentChain, r.diffId());
            claim.accept(chainId);
            Meta meta = new Meta(chainId, r.diffId(), parentChain, r.size(), r.tarSize());
            Files.write(work.resolve(META), Json.MAPPER.writeValueAsBytes(meta));
            FileSys.fsync(work.resolve(META));
            FileSys.fsync(work.resolve(TAR_SPLIT));
            Path target = layers.resolve(Digests.hex(chainId));
            ReentrantLock lock = locks.lock(chainId);
            try {
                Layer existing = get(chainId);
                if (existing != null) {
                    return existing;
                }
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                kept = true;
                FileSys.fsync(layers);
            } finally {
                locks.unlock(chainId, lock);
            }
            log.debug("layer {} unpacked ({} bytes)", chainId, r.size());
            return new Layer(chainId, r.diffId(), parentChain, r.size(), r.tarSize(), target);
        } finally {
            if (!kept) {
                Trees.deleteRecursively(work);
            }
        }
    }

    /** Removes a layer: it disappears by one rename, then its files are deleted. Absent layers are ignored. */
    void remove(String chainId) throws IOException {
        ReentrantLock lock = locks.lock(chainId);
        Path gone = tmp.resolve("removed-" + UUID.randomUUID());
        try {
            Path dir = layers.resolve(Digests.hex(chainId));
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            locks.unlock(chainId, lock);
        }
        Trees.deleteRecursively(gone);
        log.debug("layer {} removed", chainId);
    }

    /** The diff directory of a layer (whether or not it exists). */
    Path diffPath(String chainId) {
        return layers.resolve(Digests.hex(chainId)).resolve(DIFF);
    }

}
