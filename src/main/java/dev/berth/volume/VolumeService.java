package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.EventSink;
import dev.berth.filter.FilterArgs;
import dev.berth.volume.driver.DriverRegistry;
import dev.berth.volume.driver.DriverVolume;
import dev.berth.volume.driver.LocalDriver;
import dev.berth.volume.driver.Reconciling;
import dev.berth.volume.driver.RowRecorded;
import dev.berth.volume.driver.VolumeDriver;
import dev.berth.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The volume service: the only door to volumes for the API and for containers. Creates (named or anonymous),
 * lists, inspects, removes and prunes volumes; keeps container references; mounts volumes for containers.
 *
 * <p>Every acknowledged create and remove is durable before the call returns. Operations on one name are
 * serialised by a per-name lock; different names proceed in parallel and share fsyncs. Thread-safe.
 */
public final class VolumeService {

    /** The label that marks anonymous volumes (Docker's {@code AnonymousLabel}). */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    private static final Logger log = LoggerFactory.getLogger(VolumeService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One volume in memory: what the service needs, nothing it can compute. Its {@link Volume} is made when asked
     * for (see {@link #view}): at 100,000 volumes a mount path and a view object per volume would be 13 MB kept for
     * nothing. Labels and options are canonical copies ({@link StringMaps}): equal maps are shared between volumes.
     */
    private record Entry(String name, VolumeDriver driver, DriverVolume volume, Map<String, String> labels,
                         Map<String, String> options) {
        Entry {
            labels = StringMaps.canonical(labels);
            options = StringMaps.canonical(options);
        }

        /** What list and create report (no status). */
        Volume view() {
            return new Volume(name, driver.name(), volume.path(), volume.createdAtSeconds(), labels, options,
                    driver.scope(), null, null);
        }
    }

    /** The volumes of matched entries, each made when read: a list holds no volume objects of its own. */
    private static final class Views extends AbstractList<Volume> implements RandomAccess {
        private final Entry[] entries;
        private final int size;

        Views(Entry[] entries, int size) {
            this.entries = entries;
            this.size = size;
        }

        @Override
        public Volume get(int index) {
            Objects.checkIndex(index, size);
            return entries[index].view();
        }

        @Override
        public int size() {
            return size;
        }
    }

    private final DriverRegistry drivers;
    /** The sequence of the last tombstone written; tombstones are cleared at every start. */
    private final AtomicLong tombstones = new AtomicLong();
    private final VolumeStore store;
    private final EventSink events;
    private final NameLocks locks = new NameLocks();
    private final VolumeRefs refs = new VolumeRefs();
    private final LabelIndex labelIndex = new LabelIndex();
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Pruner pruner;
    private final UsageCache usageCache = new UsageCache();

    public VolumeService(DriverRegistry drivers, Database db, EventSink events) {
        this.drivers = drivers;
        this.store = new VolumeStore(db);
        this.events = events;
        this.pruner = new Pruner(this);
    }

    /** Loads the metadata, reconciles it with each driver and repairs what a crash left behind. */
    public void start() {
        long t0 = System.nanoTime();
        for (VolumeDriver driver : drivers.builtIn()) {
            if (driver instanceof Reconciling r) {
                r.prefetch();
            }
        }
        Set<String> removed = store.tombstones();
        Map<String, Reconciling.Session> sessions = new HashMap<>();
        for (VolumeDriver driver : drivers.builtIn()) {
            if (driver instanceof Reconciling r) {
                sessions.put(driver.name(), r.begin(removed));
            }
        }
        // Each row becomes its volume as it is read (on two threads for a big table); nothing else is kept per row.
        Queue<String> gone = new ConcurrentLinkedQueue<>();
        store.forEachRow(row -> {
            VolumeDriver driver = drivers.forRecord(row.driver());
            if (driver == null) {
                log.warn("volume {}: driver {} is not available; volume hidden until it is", row.name(), row.driver());
                return;
            }
            Reconciling.Session session = sessions.get(row.driver());
            DriverVolume dv = session != null
                    ? session.restore(new Reconciling.KnownVolume(row.name(), row.options(), row.createdAtSeconds()))
                    : driver.restore(row.name(), row.createdAtSeconds());
            if (dv == null) {
                log.warn("volume {}: driver {} no longer has it; dropping its metadata", row.name(), row.driver());
                gone.add(row.name());
                return;
            }
            put(new Entry(row.name(), driver, dv, row.labels(), row.options()));
        });
        long readMs = (System.nanoTime() - t0) / 1_000_000;
        for (Map.Entry<String, Reconciling.Session> s : sessions.entrySet()) {
            VolumeDriver driver = drivers.get(s.getKey());
            Reconciling.Reconciliation result = s.getValue().finish();
            for (String name : result.dropped()) {
                Entry e = entries.get(name);
                if (e != null) {
                    forget(e);
                }
                gone.add(name);
            }
            List<VolumeStore.Row> adopted = new ArrayList<>();
            for (Reconciling.KnownVolume k : result.adopted()) {
                adopted.add(new VolumeStore.Row(k.name(), driver.name(), null, null, k.createdAtSeconds()));
                driver.get(k.name()).ifPresent(dv -> put(new Entry(k.name(), driver, dv, null, null)));
            }
            store.insertAll(adopted);
            if (driver instanceof RowRecorded recorded) {
                recorded.onSettled(store::settle);
            }
        }
        store.deleteRows(gone);
        if (!removed.isEmpty()) {
            store.clearTombstones();
        }
        log.info("volumes loaded: {} in {} ms (rows read and restored in {} ms)", entries.size(),
                (System.nanoTime() - t0) / 1_000_000, readMs);
    }

    /**
     * Creates a volume, or returns the existing one of that name (Docker ignores new labels and options then).
     *
     * @throws ConflictException when the name belongs to another driver
     */
    public Volume create(CreateVolume request) {
        return create(request, false);
    }

    /**
     * Creates a volume that must not exist yet (no driver has one of that name): a clone's target.
     *
     * @throws ConflictException {@code create <name>: volume already exists} when one does
     */
    public Volume createNew(CreateVolume request) {
        if (request.name() == null || request.name().isEmpty()) {
            throw new InvalidArgumentException("create: a volume name is required");
        }
        return create(request, true);
    }

    private Volume create(CreateVolume request, boolean mustBeNew) {
        String name = request.name();
        String driverName = request.driver();
        Map<String, String> labels = request.labels();
        if (name == null || name.isEmpty()) {
            name = randomId();
            if (driverName == null || driverName.isEmpty()) {
                driverName = LocalDriver.NAME;
            }
            Map<String, String> withAnon = labels == null ? new TreeMap<>() : new TreeMap<>(labels);
            withAnon.put(ANONYMOUS_LABEL, "");
            labels = withAnon;
        }
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry existing = entries.get(name);
            if (existing != null && !drivers.isBuiltIn(existing.driver()) && isGoneFromPlugin(existing)) {
                dropLost(existing);
                existing = null;
            }
            if (existing == null && (driverName == null || driverName.isEmpty())) {
                // Without a driver, a plugin may have it (made elsewhere): Docker asks every driver first.
                existing = findInPlugins(name);
            }
            if (existing != null) {
                if (mustBeNew) {
                    throw new ConflictException("create " + name + ": volume already exists");
                }
                if (driverName != null && !driverName.isEmpty() && !driverName.equals(existing.driver().name())) {
                    throw new ConflictException("create " + name + ": driver '" + existing.driver().name()
                            + "' already has volume '" + name + "': volume name must be unique");
                }
                refs.add(name, request.reference());
                return toVolume(existing, false);
            }
            VolumeDriver driver;
            DriverVolume dv;
            try {
                driver = drivers.get(driverName == null || driverName.isEmpty() ? LocalDriver.NAME : driverName);
                // A driver whose volumes are recorded by their rows makes nothing durable itself: the row's commit
                // is the create's only flush.
                dv = driver instanceof RowRecorded recorded ? recorded.createUnsynced(name, request.driverOptions())
                        : driver.create(name, request.driverOptions());
            } catch (BerthException e) {
                throw OpErrors.wrap("create", name, e);
            }
            Map<String, String> storedLabels = labels == null ? null : new TreeMap<>(labels);
            Map<String, String> storedOptions = request.driverOptions() == null
                    ? null : new TreeMap<>(request.driverOptions());
            try {
                store.insert(new VolumeStore.Row(name, driver.name(), storedLabels, storedOptions,
                        dv.createdAtSeconds()));
            } catch (RuntimeException e) {
                undoCreate(driver, dv);
                throw e;
            }
            Entry entry = new Entry(name, driver, dv, storedLabels, storedOptions);
            put(entry);
            refs.add(name, request.reference());
            events.publish("volume", "create", name, Map.of("driver", driver.name()));
            log.debug("volume {} created (driver {})", name, driver.name());
            return toVolume(entry, false);
        }
    }

    /**
     * Docker's {@code checkConflict} for a plugin's volume: whether the plugin lost a volume the daemon knows
     * (deleted out of band), so its name may be created again. A volume containers reference is never dropped.
     *
     * @throws ConflictException when the plugin cannot tell, or when containers reference a lost volume
     */
    private boolean isGoneFromPlugin(Entry e) {
        boolean exists;
        try {
            exists = e.driver().get(e.name()).isPresent();
        } catch (BerthException ex) {
            throw new ConflictException("create " + e.name() + ": found reference to volume '" + e.name()
                    + "' in driver '" + e.driver().name() + "', but got an error while checking the driver: "
                    + ex.getMessage() + ": volume name must be unique");
        }
        if (exists) {
            return false;
        }
        if (refs.isReferenced(e.name())) {
            throw new ConflictException("create " + e.name() + ": found references to volume '" + e.name()
                    + "' in driver '" + e.driver().name() + "' but the volume was not found in the driver -- you"
                    + " may need to remove containers referencing this volume or force remove the volume to"
                    + " re-create it: volume name must be unique");
        }
        return true;
    }

    /**
     * Whether the plugin answered that it does not have the volume.
     *
     * @throws BerthException {@code get <name>: error while checking …} when the plugin cannot be reached
     */
    private static boolean isLostByPlugin(Entry e) {
        try {
            return e.driver().get(e.name()).isEmpty();
        } catch (BerthException ex) {
            throw OpErrors.wrap("get", e.name(), ex);
        }
    }

    /** Forgets a plugin's volume the plugin no longer has, with its record. Under the name's lock. */
    private void dropLost(Entry e) {
        forget(e);
        store.deleteRows(List.of(e.name()));
        log.info("volume {}: driver {} no longer has it; its record is dropped", e.name(), e.driver().name());
    }

    /** The known volume of that name, else one a plugin has (then known from now on). Under the name's lock. */
    private Entry lookup(String name) {
        Entry e = entries.get(name);
        return e != null ? e : findInPlugins(name);
    }

    /**
     * Asks every plugin for a volume of that name, as Docker's store does for a name it does not know: the first
     * that has it owns it, and the daemon knows it from then on (in memory; the plugin keeps the record). Plugins
     * that cannot be reached are skipped. Under the name's lock, so a removal cannot race it.
     */
    private Entry findInPlugins(String name) {
        for (VolumeDriver d : drivers.listablePlugins()) {
            try {
                DriverVolume dv = d.get(name).orElse(null);
                if (dv != null) {
                    // Recorded, as Docker does, so a restart knows it: its references and mounts are restored
                    // with the others'.
                    store.insert(new VolumeStore.Row(name, d.name(), null, null, dv.createdAtSeconds()));
                    Entry e = new Entry(name, d, dv, null, null);
                    put(e);
                    log.info("volume {}: found in plugin {}, known from now on", name, d.name());
                    return e;
                }
            } catch (BerthException ex) {
                log.debug("volume {}: plugin {} not asked: {}", name, d.name(), ex.getMessage());
            }
        }
        return null;
    }

    /** The volume of that name, with driver status (inspect). */
    public Volume inspect(String name) {
        Entry e = entries.get(name);
        if (e == null && !drivers.listablePlugins().isEmpty()) {
            try (NameLocks.Held ignored = locks.lock(name)) {
                e = lookup(name);
            }
        }
        if (e == null) {
            throw new NoSuchVolumeException("get", name);
        }
        try {
            return toVolume(e, true);
        } catch (BerthException ex) {
            throw OpErrors.wrap("get", name, ex);
        }
    }

    /**
     * The volume of that name, taking a reference for {@code containerId} in the same step.
     *
     * @throws NoSuchVolumeException when it does not exist
     */
    public Volume acquire(String name, String containerId) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry e = lookup(name);
            if (e == null) {
                throw new NoSuchVolumeException("get", name);
            }
            refs.add(name, containerId);
            return toVolume(e, false);
        }
    }

    /** Drops the reference of {@code containerId}; unknown volumes and references are ignored. */
    public void release(String name, String containerId) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            refs.remove(name, containerId);
        }
    }

    /** The containers referencing a volume. */
    public List<String> references(String name) {
        return refs.of(name);
    }

    /** Lists volumes matching Docker's list filters ({@code dangling}, {@code name}, {@code driver}, {@code label}). */
    public VolumeList list(FilterArgs filters) {
        VolumeFilters f = VolumeFilters.forList(filters);
        Collection<String> names = f.labelCandidates(labelIndex);
        Entry[] out = new Entry[names == null ? entries.size() : names.size()];
        int n = 0;
        if (names == null) {
            for (Entry e : entries.values()) {
                if (f.matches(e.name(), e.driver().name(), e.labels(), refs.isReferenced(e.name()))) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2 + 16);
                    }
                    out[n++] = e;
                }
            }
        } else {
            for (String name : names) {
                Entry e = entries.get(name);
                if (e != null && f.matches(e.name(), e.driver().name(), e.labels(), refs.isReferenced(e.name()))) {
                    out[n++] = e;
                }
            }
        }
        List<VolumeDriver> plugins = drivers.listablePlugins();
        if (plugins.isEmpty()) {
            return new VolumeList(new Views(out, n), null);
        }
        return withPlugins(f, plugins, out, n);
    }

    /**
     * A list when plugins are around, as Docker's: every plugin is asked for its volumes at once (a plugin that is
     * down is not waited for). A plugin's volumes show with the mount point it listed; those the daemon does not
     * know (made elsewhere, a global driver's) are listed as the plugin has them, and become known when asked for
     * by name (never here: a removal racing the list must not be undone); a known volume its plugin no longer
     * lists is left out. A plugin that cannot answer adds a warning ({@code list <driver>: <error>}) and its known
     * volumes are listed as they are.
     */
    private VolumeList withPlugins(VolumeFilters f, List<VolumeDriver> plugins, Entry[] matched, int n) {
        Map<String, java.util.concurrent.Future<List<DriverVolume>>> asked = new TreeMap<>();
        try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (VolumeDriver d : plugins) {
                asked.put(d.name(), exec.submit(d::listNow));
            }
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Map<String, DriverVolume>> listedBy = new HashMap<>();
        for (VolumeDriver d : plugins) {
            try {
                Map<String, DriverVolume> byName = new HashMap<>();
                for (DriverVolume dv : asked.get(d.name()).get()) {
                    byName.putIfAbsent(dv.name(), dv);
                }
                listedBy.put(d.name(), byName);
            } catch (java.util.concurrent.ExecutionException ex) {
                warnings.add("list " + d.name() + ": " + ex.getCause().getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                warnings.add("list " + d.name() + ": interrupted");
            }
        }
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Entry e = matched[i];
            Map<String, DriverVolume> listed = drivers.isBuiltIn(e.driver()) ? null : listedBy.get(e.driver().name());
            if (listed == null) {
                out.add(e);
            } else if (listed.containsKey(e.name())) {
                // As the plugin listed it (mount point, zero time), with the daemon's labels and options; a copy
                // made for this answer only.
                out.add(new Entry(e.name(), e.driver(), listed.get(e.name()), e.labels(), e.options()));
            }
        }
        for (VolumeDriver d : plugins) {
            Map<String, DriverVolume> listed = listedBy.get(d.name());
            if (listed == null) {
                continue;
            }
            for (DriverVolume dv : listed.values()) {
                Entry known = entries.get(dv.name());
                if (known == null && f.matches(dv.name(), d.name(), null, false)) {
                    out.add(new Entry(dv.name(), d, dv, null, null));
                }
            }
        }
        return new VolumeList(new Views(out.toArray(Entry[]::new), out.size()), warnings.isEmpty() ? null : warnings);
    }

    /**
     * Removes a volume. With {@code force}, a missing volume is not an error; a referenced one always is.
     *
     * @throws NoSuchVolumeException when it does not exist (and not forced)
     * @throws VolumeInUseException  when containers reference it
     */
    public void remove(String name, boolean force) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry e = entries.get(name);
            if (e == null) {
                e = findInPlugins(name); // just asked of its plugin: not asked again below
            } else if (!drivers.isBuiltIn(e.driver()) && isLostByPlugin(e)) {
                // Docker looks the volume up in its driver first: one its plugin lost is forgotten, and not found.
                dropLost(e);
                e = null;
            }
            if (e == null) {
                if (force) {
                    return;
                }
                throw new NoSuchVolumeException("get", name);
            }
            List<String> users = refs.of(name);
            if (!users.isEmpty()) {
                throw new VolumeInUseException("remove", name, users);
            }
            removeLocked(e, force);
        }
    }

    /**
     * Removes an entry whose name lock the caller holds and which has no references: the driver readies the
     * removal, the row goes (with a tombstone when the driver records its volumes in rows), then the driver
     * removes the storage. Should that fail, the row is put back and the volume stays.
     */
    private void removeLocked(Entry e, boolean force) {
        if (!(e.driver() instanceof RowRecorded)) {
            removeFromDriverFirst(e, force);
            return;
        }
        RowRecorded.Removal removal;
        try {
            removal = RowRecorded.prepare(e.driver(), e.volume());
        } catch (BerthException ex) {
            if (force) {
                // Docker purges the metadata of a volume its driver failed to remove when forced.
                store.deleteRows(List.of(e.name()));
                forget(e);
            }
            throw OpErrors.wrap("remove", e.name(), ex);
        }
        long seq = tombstoneFor(e.driver());
        store.delete(List.of(new VolumeStore.Removed(e.name(), seq)));
        try {
            removal.apply(seq);
        } catch (BerthException ex) {
            if (force) {
                // As above: forced, the metadata goes even though the driver kept the volume.
                forget(e);
            } else {
                restoreRows(List.of(e.name()));
            }
            throw OpErrors.wrap("remove", e.name(), ex);
        }
        removal.discard();
        forget(e);
        events.publish("volume", "destroy", e.name(), Map.of("driver", e.driver().name()));
        log.debug("volume {} removed", e.name());
    }

    /**
     * Removes a volume of a driver that keeps its own records (a plugin) as Docker does: the driver first, then the
     * row. A crash in between leaves a row the next use finds gone from the plugin (and drops), never a plugin
     * volume whose labels and options were lost. Forced, a driver's refusal still drops the record (Docker's
     * purge), and the error is still reported.
     */
    private void removeFromDriverFirst(Entry e, boolean force) {
        try {
            e.driver().remove(e.volume());
        } catch (BerthException ex) {
            if (force) {
                store.deleteRows(List.of(e.name()));
                forget(e);
            }
            throw OpErrors.wrap("remove", e.name(), ex);
        }
        store.deleteRows(List.of(e.name()));
        forget(e);
        events.publish("volume", "destroy", e.name(), Map.of("driver", e.driver().name()));
        log.debug("volume {} removed", e.name());
    }

    /** A new tombstone sequence for a removal on a driver that records its volumes in rows; 0 (none) otherwise. */
    long tombstoneFor(VolumeDriver driver) {
        return driver instanceof RowRecorded ? tombstones.incrementAndGet() : 0;
    }

    /** Puts back the rows of volumes whose storage could not be removed after their rows were deleted. */
    void restoreRows(Collection<String> kept) {
        List<VolumeStore.Row> rows = new ArrayList<>(kept.size());
        for (String name : kept) {
            Entry e = entries.get(name);
            if (e == null) {
                continue;
            }
            rows.add(new VolumeStore.Row(e.name(), e.driver().name(), e.labels(), e.options(),
                    e.volume().createdAtSeconds()));
        }
        try {
            store.insertAll(rows);
        } catch (RuntimeException ex) {
            // The volumes stay in memory until the next start, which removes them (their tombstones are durable).
            log.error("putting back the rows of {} volumes whose removal failed: {}", rows.size(), ex.getMessage());
        }
    }

    /**
     * Removes unused local volumes without driver options that match the prune filters ({@code label},
     * {@code label!}, {@code all}); anonymous ones only unless {@code all} is true.
     *
     * @throws ConflictException when another prune is running
     */
    public PruneReport prune(FilterArgs filters) {
        return pruner.prune(filters);
    }

    /** Mounts a volume for one user ({@code mountId}) and returns the host path of its data. */
    public String mount(String name, String mountId) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry e = entries.get(name);
            if (e == null) {
                throw new NoSuchVolumeException("get", name);
            }
            usageCache.invalidate(name);
            return e.volume().mount(mountId);
        }
    }

    /** After a restart: a running container's mount, taken as held again (see {@link DriverVolume#restoreMount}). */
    public String restoreMount(String name, String mountId) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry e = entries.get(name);
            if (e == null) {
                throw new NoSuchVolumeException("get", name);
            }
            return e.volume().restoreMount(mountId);
        }
    }

    /** Releases one user's mount; the driver unmounts after the last. */
    public void unmount(String name, String mountId) {
        try (NameLocks.Held ignored = locks.lock(name)) {
            Entry e = entries.get(name);
            if (e != null) {
                e.volume().unmount(mountId);
                usageCache.invalidate(name);
            }
        }
    }

    // --- used by Pruner ---

    /** Names of prune candidates: local, option-less, unreferenced, matching the filter. */
    List<String> pruneCandidates(VolumeFilters f) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (isPrunable(e) && f.matchesLabels(e.labels())) {
                out.add(e.name());
            }
        }
        return out;
    }

    private boolean isPrunable(Entry e) {
        return e.driver().name().equals(LocalDriver.NAME) && !hasOptions(e) && !refs.isReferenced(e.name());
    }

    NameLocks locks() {
        return locks;
    }

    /** Under the caller's name lock: the entry if it is still prunable. */
    PrunableVolume prunable(String name) {
        Entry e = entries.get(name);
        if (e == null || !isPrunable(e)) {
            return null;
        }
        return new PrunableVolume(name, e.volume().path(), e.driver(), e.volume());
    }

    /** A volume about to be pruned. */
    record PrunableVolume(String name, String path, VolumeDriver driver, DriverVolume volume) {
    }

    VolumeStore store() {
        return store;
    }

    /** After a prune removed {@code name} durably. */
    void pruned(String name) {
        Entry e = entries.get(name);
        if (e != null) {
            forget(e);
            events.publish("volume", "destroy", name, Map.of("driver", e.driver().name()));
        }
    }

    EventSink events() {
        return events;
    }

    /** The label index (tests). */
    LabelIndex labelIndex() {
        return labelIndex;
    }

    // --- internals ---

    private void put(Entry e) {
        entries.put(e.name(), e);
        labelIndex.add(e.name(), e.labels());
    }

    private void forget(Entry e) {
        usageCache.forget(e.name());
        entries.remove(e.name(), e);
        labelIndex.remove(e.name(), e.labels());
        refs.clear(e.name());
    }

    private static void undoCreate(VolumeDriver driver, DriverVolume dv) {
        try {
            driver.undoCreate(dv);
        } catch (RuntimeException e) {
            log.warn("volume {}: undo of a failed create failed: {}", dv.name(), e.getMessage());
        }
    }

    /** Docker skips volumes with driver options in prune and disk usage: they are rarely local data. */
    private static boolean hasOptions(Entry e) {
        return e.options() != null && !e.options().isEmpty();
    }

    private Volume toVolume(Entry e, boolean withStatus) {
        if (!withStatus) {
            return e.view();
        }
        DriverVolume v = e.volume();
        Map<String, Object> status = v.status();
        if (status == null) {
            // Without driver status (local volumes) inspect reports what list reports.
            return e.view();
        }
        return new Volume(e.name(), e.driver().name(), v.path(), v.createdAtSeconds(), e.labels(), e.options(),
                e.driver().scope(), status, null);
    }

    /**
     * Volumes with their disk usage, for {@code /system/df}: local volumes without options, as Docker. Sizes of
     * volumes in which nothing changed since they were last walked come from a cache (see {@link UsageCache}); the
     * walks that remain run in parallel.
     */
    public List<Volume> usage() {
        List<Entry> local = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.driver().name().equals(LocalDriver.NAME) && !hasOptions(e)) {
                local.add(e);
            }
        }
        usageCache.refresh();
        long[] sizes = new long[local.size()];
        List<Integer> walk = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Long cached = usageCache.cached(local.get(i).name());
            if (cached != null) {
                sizes[i] = cached;
            } else {
                walk.add(i);
            }
        }
        walk.parallelStream().forEach(i -> sizes[i] = usageCache.size(local.get(i).name(),
                java.nio.file.Path.of(local.get(i).volume().path())));
        List<Volume> out = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            Entry e = local.get(i);
            Volume v = toVolume(e, false);
            out.add(new Volume(v.name(), v.driver(), v.mountpoint(), v.createdAtSeconds(), v.labels(), v.options(),
                    v.scope(), null, new Volume.Usage(sizes[i], refs.count(e.name()))));
        }
        return out;
    }

    /** Stops watching volumes for their sizes. */
    public void close() {
        usageCache.close();
    }

    static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
