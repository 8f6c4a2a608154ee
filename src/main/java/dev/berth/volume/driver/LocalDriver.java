package dev.berth.volume.driver;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoQuote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Docker's {@code local} volume driver: each volume is {@code <root>/<name>/_data}. Volumes created with a
 * {@code type}/{@code device} are mounted at their first use and unmounted after the last.
 *
 * <p>Removal renames the volume directory into {@code <root>/.trash} (one atomic step) and deletes it in the
 * background, so a remove never waits for a big tree and a crash never leaves half a volume behind.
 *
 * <p>Durability: a create returns, and {@link #syncPrepared} after a staged removal returns, once the root's
 * entries are fsync'd ({@link DirSync}, shared by concurrent callers). The {@code _data} entry inside a new volume
 * directory is not fsync'd separately (that would cost one fsync per volume, never shared): a mount recreates an
 * empty {@code _data} that a crash lost, which is exactly what it held when the create was acknowledged (checking
 * every volume at start instead would cost a stat per volume, seconds at 100k). Thread-safe.
 */
public final class LocalDriver implements VolumeDriver, StagedCreate, StagedRemoval, Reconciling {

    public static final String NAME = "local";
    private static final Logger log = LoggerFactory.getLogger(LocalDriver.class);
    private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    static final String TRASH = ".trash";

    private final Path root;
    private final String rootPrefix;
    private final Mounter mounter;
    private final Trash trash;
    private final DirSync rootSync;
    private final ConcurrentHashMap<String, LocalVolume> volumes = new ConcurrentHashMap<>();
    private final AtomicLong trashSeq = new AtomicLong(System.nanoTime());
    /** The root's listing read by {@link #prefetch}, taken by the next {@link #reconcile}. */
    private volatile CompletableFuture<Set<String>> scan;

    /** A local driver over {@code root} ({@code <data-root>/volumes}) using the host's mount facilities. */
    public static LocalDriver open(Path root) {
        return new LocalDriver(root, SysMounter.probe(root));
    }

    /** @param mounter mounts and unmounts volumes that have a type or device, and applies size quotas */
    LocalDriver(Path root, Mounter mounter) {
        this.root = root;
        this.rootPrefix = root.toString() + "/";
        this.mounter = mounter;
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx-----x"));
            Files.createDirectories(root.resolve(TRASH));
            this.rootSync = new DirSync(root);
        } catch (IOException e) {
            throw new InternalException("create volumes directory " + root + ": " + e.getMessage(), e);
        }
        this.trash = new Trash(root.resolve(TRASH));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String scope() {
        return "local";
    }

    public Path root() {
        return root;
    }

    /** The data path of a volume, as a string; computed rather than stored to keep 100k volumes small. */
    String dataPath(String name) {
        return rootPrefix + name + "/_data";
    }

    @Override
    public DriverVolume create(String name, Map<String, String> options) {
        LocalVolume before = volumes.get(name);
        LocalVolume v = (LocalVolume) createStaged(name, options);
        if (v == before) {
            return v;
        }
        try {
            syncCreated();
        } catch (RuntimeException e) {
            volumes.remove(name, v);
            deleteQuietly(root.resolve(name));
            throw e;
        }
        return v;
    }

    @Override
    public DriverVolume createStaged(String name, Map<String, String> options) {
        validateName(name);
        LocalOptions parsed = LocalOptions.parse(options, mounter.quotaSupported());
        LocalVolume existing = volumes.get(name);
        if (existing != null) {
            return existing;
        }
        Path dir = root.resolve(name);
        Path data = dir.resolve("_data");
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("volume directory " + dir + " already exists without a volume");
        } catch (IOException e) {
            throw new InternalException("create volume directory " + dir + ": " + e.getMessage(), e);
        }
        long createdAt;
        try {
            Files.createDirectory(data);
            createdAt = ctimeSeconds(dir);
            if (parsed != null && parsed.sizeBytes() > 0) {
                mounter.applyQuota(data, parsed.sizeBytes());
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new InternalException("create volume directory " + data + ": " + e.getMessage(), e);
        }
        LocalVolume v = new LocalVolume(this, name, parsed, createdAt);
        volumes.put(name, v);
        return v;
    }

    @Override
    public void remove(DriverVolume volume) {
        Removal r = prepareRemove(volume);
        syncPrepared();
        r.commit();
    }

    @Override
    public void syncCreated() {
        syncRoot();
    }

    @Override
    public void syncPrepared() {
        syncRoot();
    }

    /** Creates and staged removals change the same directory's entries: one shared sync serves both. */
    private void syncRoot() {
        try {
            rootSync.sync();
        } catch (IOException e) {
            throw new InternalException("sync volumes directory " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Removal prepareRemove(DriverVolume volume) {
        LocalVolume v = (LocalVolume) volume;
        v.prepareRemove();
        Path dir = root.resolve(v.name());
        Path target = root.resolve(TRASH).resolve(v.name() + "." + trashSeq.incrementAndGet());
        boolean moved;
        try {
            if (Files.isSymbolicLink(dir)) {
                throw new InternalException("unable to remove a directory outside of the local volume root "
                        + root + ": " + dir);
            }
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } catch (NoSuchFileException e) {
            // Deleted out of band (TestVolumeCLIRmForce): the volume is gone either way.
            log.warn("volume {}: directory already gone at remove", v.name());
            moved = false;
        } catch (IOException e) {
            throw new InternalException("remove volume " + v.name() + ": " + e.getMessage(), e);
        }
        boolean inTrash = moved;
        return new Removal() {
            @Override
            public void commit() {
                volumes.remove(v.name(), v);
                if (inTrash) {
                    trash.collect(target);
                }
            }

            @Override
            public Path stagedData() {
                return inTrash ? target.resolve("_data") : null;
            }

            @Override
            public void rollback() {
                if (inTrash && !restoreFromTrash(target, v.name())) {
                    log.error("volume {}: could not undo a failed remove; data kept at {}", v.name(), target);
                }
            }
        };
    }

    @Override
    public Optional<DriverVolume> get(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public List<DriverVolume> list() {
        return List.copyOf(volumes.values());
    }

    Mounter mounter() {
        return mounter;
    }

    /** Recreates the empty data directory of a volume whose {@code _data} entry a crash lost (see above). */
    void ensureDataDirectory(String name) {
        Path data = root.resolve(name).resolve("_data");
        if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)
                || !Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectory(data);
            log.info("volume {}: recreated its empty data directory, lost in a crash", name);
        } catch (FileAlreadyExistsException e) {
            // Recreated concurrently: fine.
        } catch (IOException e) {
            throw new InternalException("recreate data directory " + data + ": " + e.getMessage(), e);
        }
    }

    static void validateName(String name) {
        if (name.length() == 1) {
            throw new InvalidArgumentException(
                    "volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidArgumentException(GoQuote.quote(name)
                    + " includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are"
                    + " allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    @Override
    public void prefetch() {
        scan = CompletableFuture.supplyAsync(this::scanNames,
                task -> Thread.ofPlatform().name("local-volumes-scan").start(task));
    }

    /** The names of the entries of the volumes root (not the hidden ones), in one native directory read. */
    private Set<String> scanNames() {
        // File.list reads the whole directory in one call into native code; a DirectoryStream crosses once per
        // entry and builds a Path for each, several times slower at 100,000 volumes.
        String[] names = root.toFile().list();
        if (names == null) {
            throw new InternalException("scan volumes directory " + root + ": cannot read it");
        }
        Set<String> onDisk = HashSet.newHashSet(names.length);
        for (String n : names) {
            if (!n.startsWith(".")) {
                onDisk.add(n);
            }
        }
        return onDisk;
    }

    @Override
    public Reconciliation reconcile(Map<String, KnownVolume> known) {
        CompletableFuture<Set<String>> prefetched = scan;
        scan = null;
        Set<String> onDisk;
        try {
            onDisk = prefetched != null ? prefetched.join() : scanNames();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new InternalException(e.getCause().getMessage(), e);
        }
        Map<String, Path> inTrash = trash.latestByName();
        Queue<String> dropped = new ConcurrentLinkedQueue<>();
        // Both cores: at 100,000 volumes this loop is a good part of the start.
        known.values().parallelStream().forEach(k -> {
            if (!onDisk.contains(k.name())) {
                Path back;
                synchronized (inTrash) {
                    back = inTrash.remove(k.name());
                }
                if (back != null && restoreFromTrash(back, k.name())) {
                    log.info("volume {}: restored from an interrupted remove", k.name());
                } else {
                    log.warn("volume {}: directory is gone; dropping its metadata", k.name());
                    dropped.add(k.name());
                    return;
                }
            }
            LocalOptions opts = LocalOptions.parse(k.options(), true);
            LocalVolume v = new LocalVolume(this, k.name(), opts, k.createdAtSeconds());
            v.restoreMountedState();
            volumes.put(k.name(), v);
        });
        List<KnownVolume> adopted = new ArrayList<>();
        for (String n : onDisk) {
            if (known.containsKey(n)) {
                continue;
            }
            Path dir = root.resolve(n);
            if (isEmptyOrMissing(dir.resolve("_data")) || !VALID_NAME.matcher(n).matches()) {
                log.info("volume {}: removing the directory of an unacknowledged create", n);
                Path target = root.resolve(TRASH).resolve(n + "." + trashSeq.incrementAndGet());
                try {
                    Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                    trash.collect(target);
                } catch (IOException e) {
                    log.warn("volume {}: cannot move stray directory to trash: {}", n, e.getMessage());
                }
            } else {
                long created = ctimeSecondsQuietly(dir);
                log.info("volume {}: adopting a volume directory with data that had no metadata", n);
                adopted.add(new KnownVolume(n, Map.of(), created));
                volumes.put(n, new LocalVolume(this, n, null, created));
            }
        }
        trash.collectAll();
        return new Reconciliation(List.copyOf(dropped), List.copyOf(adopted));
    }

    /** Waits until background deletions queued so far are done (tests, shutdown). */
    public void drainTrash() {
        trash.drain();
    }

    /**
     * Stops the background deletion without waiting for it: shutdown must not depend on how much data removed
     * volumes held. Whatever is still in the trash is deleted after the next start.
     */
    public void close() {
        trash.close();
    }

    private boolean restoreFromTrash(Path trashed, String name) {
        try {
            Files.move(trashed, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            log.warn("volume {}: cannot restore from trash: {}", name, e.getMessage());
            return false;
        }
    }

    private static boolean isEmptyOrMissing(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        } catch (IOException e) {
            return true;
        }
    }

    static long ctimeSeconds(Path p) throws IOException {
        FileTime t = (FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        return t.toMillis() / 1000;
    }

    private static long ctimeSecondsQuietly(Path p) {
        try {
            return ctimeSeconds(p);
        } catch (IOException e) {
            return System.currentTimeMillis() / 1000;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            log.warn("cleanup of {} failed: {}", dir, e.getMessage());
        }
    }

    Map<String, LocalVolume> snapshot() {
        return new HashMap<>(volumes);
    }
}
