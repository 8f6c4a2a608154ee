package dev.berth.volume.driver;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoQuote;
import dev.berth.sys.Trees;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Docker's {@code local} volume driver: each volume is {@code <root>/<name>/_data}. Volumes created with a
 * {@code type}/{@code device} are mounted at their first use and unmounted after the last.
 *
 * <p>Removal renames the volume directory into {@code <root>/.trash} (one atomic step) and deletes it in the
 * background, so a remove never waits for a big tree and a crash never leaves half a volume behind.
 *
 * <p>Durability ({@link RowRecorded}): the metadata rows are the record of the volumes, so creates and removals do
 * not fsync the root themselves. After a crash, a volume whose row survived but whose directory did not is
 * recreated empty (what it held when the create was answered), and the directory of a removed (tombstoned) volume
 * that the crash put back is removed again. After a clean stop (marked by {@link #CLEAN_STOP}, written once
 * everything is durable) a missing directory was deleted by hand, and its row is dropped, as Docker forgets it.
 * Removals are made durable by one root fsync per second at most, shared by all of them ({@link DirSync}); a
 * create of a name whose removal is not durable yet fsyncs first, so that a crash cannot bring the old directory
 * back under the new volume. The {@code _data} entry inside a new volume directory is not fsync'd either: a mount
 * recreates an empty {@code _data} that a crash lost. Thread-safe.
 */
public final class LocalDriver implements VolumeDriver, RowRecorded {

    public static final String NAME = "local";
    private static final Logger log = LoggerFactory.getLogger(LocalDriver.class);
    private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    static final String TRASH = ".trash";
    /** Present in the root while the driver is stopped after a clean stop, when every change was durable. */
    static final String CLEAN_STOP = ".clean-stop";
    /** How long removals wait, at most, for the shared root fsync that settles their tombstones. */
    static final long SETTLE_DELAY_MS = 1_000;

    private final Path root;
    private final String rootPrefix;
    private final Mounter mounter;
    private final Trash trash;
    private final DirSync rootSync;
    private final ConcurrentHashMap<String, LocalVolume> volumes = new ConcurrentHashMap<>();
    private final AtomicLong trashSeq = new AtomicLong(System.nanoTime());
    /** The root's listing read by {@link #prefetch}, taken by the next {@link #begin}. */
    private volatile CompletableFuture<List<String>> scan;
    /** Removals whose rename is not durable yet: name to tombstone sequence. */
    private final ConcurrentHashMap<String, Long> unsettled = new ConcurrentHashMap<>();
    private final Semaphore settleWanted = new Semaphore(0);
    private volatile Consumer<List<Tombstone>> settledListener = t -> {
    };
    private final Thread settler;
    /** Removals applied in bulk whose directories the mover has not moved yet, by name. */
    private final ConcurrentHashMap<String, LocalRemoval> pendingMoves = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<LocalRemoval> mover = new LinkedBlockingQueue<>();
    private final Thread moverThread;
    private volatile boolean closed;

    /** A local driver over {@code root} ({@code <data-root>/volumes}) using the host's mount facilities. */
    public static LocalDriver open(Path root) {
        return new LocalDriver(root, SysMounter.of(root));
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
        this.settler = Thread.ofVirtual().name("local-volumes-settle").start(this::settleLoop);
        this.moverThread = Thread.ofVirtual().name("local-volumes-mover").start(this::moveLoop);
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
        // Built by hand: a list makes one per volume, and an indy concatenation is a chain of method handle calls
        // for the client compiler.
        return new StringBuilder(rootPrefix.length() + name.length() + 6)
                .append(rootPrefix).append(name).append("/_data").toString();
    }

    /** A create that is durable on its own (one root fsync); the volume service uses {@link #createUnsynced}. */
    @Override
    public DriverVolume create(String name, Map<String, String> options) {
        LocalVolume before = volumes.get(name);
        LocalVolume v = (LocalVolume) createUnsynced(name, options);
        if (v == before) {
            return v;
        }
        try {
            syncRoot();
        } catch (RuntimeException e) {
            volumes.remove(name, v);
            deleteQuietly(root.resolve(name));
            throw e;
        }
        return v;
    }

    @Override
    public DriverVolume createUnsynced(String name, Map<String, String> options) {
        validateName(name);
        LocalOptions parsed = LocalOptions.parse(options, mounter::quotaSupported);
        LocalVolume existing = volumes.get(name);
        if (existing != null) {
            return existing;
        }
        LocalRemoval pending = pendingMoves.get(name);
        if (pending != null) {
            // The previous volume of this name is still where it was: move it out of the way first.
            pending.finish();
        }
        if (unsettled.containsKey(name)) {
            // The previous volume of this name may still come back at a crash: make its removal durable first.
            settle();
        }
        Path dir = root.resolve(name);
        Path data = dir.resolve("_data");
        trash.noteActivity();
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

    /**
     * A removal without a row to record it (the undo of a create whose row failed): nothing to make durable, as a
     * volume directory without a row and without data is removed at start.
     */
    @Override
    public void remove(DriverVolume volume) {
        LocalRemoval r = (LocalRemoval) prepareRemove(volume);
        r.move();
        r.discard();
    }

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
        Path dir = root.resolve(v.name());
        if (Files.isSymbolicLink(dir)) {
            throw new InternalException("unable to remove a directory outside of the local volume root "
                    + root + ": " + dir);
        }
        v.prepareRemove();
        return new LocalRemoval(v, dir, root.resolve(TRASH).resolve(v.name() + "." + trashSeq.incrementAndGet()));
    }

    /**
     * One removal: the volume directory is renamed into the trash at apply (or by the mover, after
     * {@link #applyLater}) and deleted from there at discard.
     */
    private final class LocalRemoval implements Removal {
        private final LocalVolume volume;
        private final Path dir;
        private final Path target;
        private boolean moved;
        private boolean done;
        private long seq;

        LocalRemoval(LocalVolume volume, Path dir, Path target) {
            this.volume = volume;
            this.dir = dir;
            this.target = target;
        }

        @Override
        public void apply(long seq) {
            move();
            unsettle(seq);
        }

        @Override
        public void applyLater(long seq) {
            this.seq = seq;
            volumes.remove(volume.name(), volume);
            pendingMoves.put(volume.name(), this);
            mover.add(this);
        }

        /** The mover's part (or a create's, whichever comes first): move, settle later, delete. Idempotent. */
        synchronized void finish() {
            if (done) {
                return;
            }
            done = true;
            try {
                move();
                unsettle(seq);
                discard();
            } catch (RuntimeException e) {
                log.error("volume {}: {}; its directory is removed at the next start", volume.name(),
                        e.getMessage());
            } finally {
                pendingMoves.remove(volume.name(), this);
            }
        }

        /** Renames the directory into the trash; the volume is then gone from the driver. */
        void move() {
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } catch (NoSuchFileException e) {
                // Deleted out of band (TestVolumeCLIRmForce): the volume is gone either way.
                log.warn("volume {}: directory already gone at remove", volume.name());
            } catch (IOException e) {
                throw new InternalException("remove volume " + volume.name() + ": " + e.getMessage(), e);
            }
            volumes.remove(volume.name(), volume);
        }

        /** The move is not durable yet: the settler's next root fsync will make it so. */
        private void unsettle(long seq) {
            unsettled.put(volume.name(), seq);
            settleWanted.release();
        }

        @Override
        public void discard() {
            if (moved) {
                trash.collect(target);
            }
        }
    }

    /** Moves the directories of removals applied in bulk into the trash, one after the other. */
    private void moveLoop() {
        while (!closed) {
            LocalRemoval r;
            try {
                r = mover.take();
            } catch (InterruptedException e) {
                return;
            }
            r.finish();
        }
    }

    @Override
    public void onSettled(Consumer<List<Tombstone>> listener) {
        this.settledListener = listener;
    }

    /** Settles removals in batches: at most one root fsync per {@link #SETTLE_DELAY_MS}, shared by all of them. */
    private void settleLoop() {
        while (!closed) {
            try {
                settleWanted.acquire();
                Thread.sleep(SETTLE_DELAY_MS);
            } catch (InterruptedException e) {
                return;
            }
            settleWanted.drainPermits();
            try {
                settle();
            } catch (RuntimeException e) {
                log.warn("settling volume removals: {}", e.getMessage());
            }
        }
    }

    /** Makes every removal applied so far durable (one root fsync) and reports their tombstones settled. */
    void settle() {
        if (!unsettled.isEmpty()) {
            syncAndSettle();
        }
    }

    /** One root fsync, which makes every create and removal so far durable; reports the tombstones it settled. */
    private void syncAndSettle() {
        // Taken before the fsync: exactly what the fsync covers.
        List<Tombstone> covered = new ArrayList<>(unsettled.size());
        unsettled.forEach((n, seq) -> covered.add(new Tombstone(n, seq)));
        syncRoot();
        for (Tombstone t : covered) {
            unsettled.remove(t.name(), t.seq());
        }
        if (!covered.isEmpty()) {
            settledListener.accept(covered);
        }
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
    private List<String> scanNames() {
        // File.list reads the whole directory in one call into native code; a DirectoryStream crosses once per
        // entry and builds a Path for each, several times slower at 100,000 volumes.
        String[] names = root.toFile().list();
        if (names == null) {
            throw new InternalException("scan volumes directory " + root + ": cannot read it");
        }
        List<String> onDisk = new ArrayList<>(names.length);
        for (String n : names) {
            if (!n.startsWith(".")) {
                onDisk.add(n);
            }
        }
        return onDisk;
    }

    @Override
    public Session begin(Set<String> removed) {
        CompletableFuture<List<String>> prefetched = scan;
        scan = null;
        CompletableFuture<List<String>> listing = prefetched != null ? prefetched
                : CompletableFuture.completedFuture(scanNames());
        boolean afterCleanStop = takeCleanStopMark();
        return new Session() {
            @Override
            public DriverVolume restore(KnownVolume k) {
                LocalVolume v = new LocalVolume(LocalDriver.this, k.name(), LocalOptions.parse(k.options(), true),
                        k.createdAtSeconds());
                v.restoreMountedState();
                volumes.put(k.name(), v);
                return v;
            }

            @Override
            public Reconciliation finish() {
                return finishReconcile(join(listing), removed, afterCleanStop);
            }
        };
    }

    private static List<String> join(CompletableFuture<List<String>> listing) {
        try {
            return listing.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new InternalException(e.getCause().getMessage(), e);
        }
    }

    private Reconciliation finishReconcile(List<String> onDisk, Set<String> removed, boolean afterCleanStop) {
        // Directories first: each one has its row, or is removed (again, or as an unacknowledged create), or is
        // adopted. When every row found its directory (the usual start), no row lacks one and the second pass is
        // skipped: at 100,000 volumes it was a set of every name and 100,000 more lookups.
        int rows = volumes.size();
        int withRow = 0;
        List<KnownVolume> adopted = new ArrayList<>();
        boolean removedAgain = false;
        for (String n : onDisk) {
            if (volumes.containsKey(n)) {
                withRow++;
                continue;
            }
            Path dir = root.resolve(n);
            if (removed.contains(n)) {
                log.info("volume {}: removing again the directory of a removed volume, put back by a crash", n);
                removedAgain |= moveToTrash(n, dir);
            } else {
                switch (classifyOrphan(n, dir)) {
                    case UNACKNOWLEDGED_CREATE -> {
                        log.info("volume {}: removing the directory of an unacknowledged create", n);
                        moveToTrash(n, dir);
                    }
                    case VOLUME -> {
                        long created = ctimeSecondsQuietly(dir);
                        log.info("volume {}: adopting a volume directory that had no metadata", n);
                        adopted.add(new KnownVolume(n, Map.of(), created));
                        volumes.put(n, new LocalVolume(this, n, null, created));
                    }
                    case FOREIGN -> {
                        // Logged by classifyOrphan, with the reason.
                    }
                }
            }
        }
        List<String> dropped = new ArrayList<>();
        if (withRow < rows) {
            Set<String> present = new HashSet<>(onDisk);
            for (LocalVolume v : volumes.values()) {
                String name = v.name();
                if (present.contains(name)) {
                    continue;
                }
                if (afterCleanStop) {
                    log.warn("volume {}: directory was deleted while the daemon was stopped; dropping its metadata",
                            name);
                } else if (recreate(name)) {
                    continue;
                }
                volumes.remove(name, v);
                dropped.add(name);
            }
        }
        if (removedAgain || afterCleanStop) {
            // The caller deletes the tombstones next: these moves must not be lost again. And the clean-stop mark
            // must stay deleted: a crash from now on is not a clean stop.
            syncRoot();
        }
        trash.collectAll();
        return new Reconciliation(dropped, adopted);
    }

    /**
     * Recreates, empty, the directory of a volume whose row outlived it: a create acknowledged just before a crash
     * whose directory entry was not on disk yet.
     */
    private boolean recreate(String name) {
        try {
            Files.createDirectories(root.resolve(name).resolve("_data"));
            log.info("volume {}: recreated its empty directory, lost in a crash", name);
            return true;
        } catch (IOException e) {
            log.error("volume {}: cannot recreate its directory: {}", name, e.getMessage());
            return false;
        }
    }

    /** Whether the last stop was clean; removes the mark (the caller syncs the root). */
    private boolean takeCleanStopMark() {
        try {
            return Files.deleteIfExists(root.resolve(CLEAN_STOP));
        } catch (IOException e) {
            throw new InternalException("remove " + root.resolve(CLEAN_STOP) + ": " + e.getMessage(), e);
        }
    }

    private boolean moveToTrash(String name, Path dir) {
        Path target = root.resolve(TRASH).resolve(name + "." + trashSeq.incrementAndGet());
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            trash.collect(target);
            return true;
        } catch (IOException e) {
            log.warn("volume {}: cannot move its directory to the trash: {}", name, e.getMessage());
            return false;
        }
    }

    /** Waits until background moves and deletions queued so far are done (tests, shutdown). */
    public void drainTrash() {
        while (!pendingMoves.isEmpty() && !closed) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        trash.drain();
    }

    /**
     * Stops the background deletion without waiting for it: shutdown must not depend on how much data removed
     * volumes held. Whatever is still in the trash is deleted after the next start. Makes every create and removal
     * durable and marks the stop clean. Idempotent.
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        settler.interrupt();
        moverThread.interrupt();
        trash.close();
        try {
            // Every create and removal so far becomes durable, then the mark says so.
            syncAndSettle();
            Files.createFile(root.resolve(CLEAN_STOP));
            syncRoot();
        } catch (IOException | RuntimeException e) {
            log.warn("volumes directory {}: stop not marked clean: {}", root, e.getMessage());
        }
    }

    /** What the start makes of an entry of the root that has neither a row nor a tombstone. */
    private enum Orphan {
        /** The trace of a create that was never answered: removed. */
        UNACKNOWLEDGED_CREATE,
        /** A volume directory: adopted. */
        VOLUME,
        /** Something berth did not make: left alone. */
        FOREIGN
    }

    /**
     * Classifies an entry of the root without a row or tombstone. Create checks the name before its first mkdir,
     * makes {@code <name>} then {@code <name>/_data} and nothing else, so the only traces an unanswered create can
     * leave are a validly named directory that is empty or holds nothing but an empty {@code _data}; those alone
     * are removed. A validly named directory holding a {@code _data} directory is otherwise a volume, as Docker's
     * local driver takes every directory holding {@code _data} for one; it is adopted. Anything else (a file, a
     * symbolic link, a name create would refuse, a directory without {@code _data}, a {@code _data} that is not a
     * directory) was put there by someone else: Docker never deletes what it finds, so it stays where it is,
     * reported once. It is not a volume either: under a name create refuses it could be listed but never be
     * created, and the other shapes are not what a volume is.
     */
    private Orphan classifyOrphan(String name, Path dir) {
        if (!VALID_NAME.matcher(name).matches()) {
            return foreign(name, "its name is not a valid local volume name");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return foreign(name, Files.isSymbolicLink(dir) ? "it is a symbolic link" : "it is not a directory");
        }
        int entries;
        try {
            entries = countEntries(dir, 2);
        } catch (IOException e) {
            return foreign(name, "it cannot be read: " + e.getMessage());
        }
        if (entries == 0) {
            // The first mkdir of a create happened, the second did not.
            return Orphan.UNACKNOWLEDGED_CREATE;
        }
        Path data = dir.resolve("_data");
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            return foreign(name, Files.exists(data, LinkOption.NOFOLLOW_LINKS)
                    ? "its _data is not a directory" : "it holds no _data");
        }
        if (entries > 1) {
            return Orphan.VOLUME;
        }
        try {
            return countEntries(data, 1) == 0 ? Orphan.UNACKNOWLEDGED_CREATE : Orphan.VOLUME;
        } catch (IOException e) {
            return foreign(name, "its _data cannot be read: " + e.getMessage());
        }
    }

    private Orphan foreign(String name, String why) {
        log.warn("volumes directory {}: leaving {} alone, not a volume: {}", root, GoQuote.quote(name), why);
        return Orphan.FOREIGN;
    }

    /** How many entries {@code dir} holds, counting no further than {@code limit}. */
    private static int countEntries(Path dir, int limit) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (var it = ds.iterator(); n < limit && it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
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
            Trees.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("cleanup of {} failed: {}", dir, e.getMessage());
        }
    }

    Map<String, LocalVolume> snapshot() {
        return new HashMap<>(volumes);
    }
}
