package dev.berth.container;

import dev.berth.archive.FsView;
import dev.berth.archive.TreeArchive;
import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.NotModifiedException;
import dev.berth.events.EventSink;
import dev.berth.filter.FilterArgs;
import dev.berth.filter.PruneUntil;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageService;
import dev.berth.image.ImageUsage;
import dev.berth.mount.InspectMount;
import dev.berth.mount.RroSupport;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.ExitEvent;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.LogSink;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.store.Database;
import dev.berth.system.SystemInfo;
import dev.berth.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container service: the only door to containers for the API. Creates containers from images with their
 * mounts, runs them under the OCI runtime, reports and waits for their state, streams their output, removes them
 * with their anonymous volumes, and after a daemon restart picks up containers that kept running.
 * Thread-safe.
 */
public final class ContainerService implements ImageUsage {

    private static final Logger log = LoggerFactory.getLogger(ContainerService.class);

    private final ContainerRegistry registry = new ContainerRegistry();
    private final ContainerStore store;
    private final ContainerRuntime runtime;
    private final ImageService images;
    private final VolumeService volumes;
    private final EventSink events;
    private final ContainerMounts createMounts;
    private final ContainerRunner runner;
    private final RunMounts runMounts;
    private final Path dataRoot;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean pruning = new AtomicBoolean();

    public ContainerService(Path dataRoot, Path execRoot, Database db, ContainerRuntime runtime,
                            ImageService images, VolumeService volumes, EventSink events, RroSupport rro) {
        this.dataRoot = dataRoot;
        this.store = new ContainerStore(db);
        this.runtime = runtime;
        this.images = images;
        this.volumes = volumes;
        this.events = events;
        this.createMounts = new ContainerMounts(volumes, dataRoot, events);
        this.runMounts = new RunMounts(volumes, events, rro, execRoot.resolve("safe-mounts"));
        this.runner = new ContainerRunner(runtime, images, runMounts, store, events, dataRoot, execRoot,
                c -> background.execute(() -> autoRemove(c)));
    }

    /** Receives exits from the runtime (on its watcher thread; the work happens elsewhere). */
    public void onExit(ExitEvent e) {
        background.execute(() -> {
            Container c = registry.find(e.id());
            if (c != null) {
                runner.exited(c, e);
            }
        });
    }

    // --- create ---

    public CreateResult create(CreateRequest req) {
        String id = Names.newId();
        String name = reserveName(req.name(), id);
        boolean done = false;
        try {
            String imageId = images.resolveId(req.config().image());
            ImageConfig imageConfig = images.config(imageId);
            ContainerConfig merged = ConfigMerger.merge(req.config(), imageConfig);
            List<String> command = ConfigMerger.commandLine(merged);
            if (req.host().autoRemove() && !req.host().restartPolicy().isNone()) {
                throw new dev.berth.errors.InvalidArgumentException(
                        "can't create 'AutoRemove' container with restart policy");
            }
            validateTmpfs(req.host());
            // Written with the container's record below, in one transaction.
            images.rootFs().createUnsaved(id, imageId);
            PreparedMounts prepared;
            try {
                boolean[] mounted = {false};
                try {
                    prepared = createMounts.prepare(new ContainerMounts.Request(id, req.host(),
                            req.config().volumes() == null ? List.of() : List.copyOf(req.config().volumes()),
                            imageConfig.volumes() == null ? List.of() : List.copyOf(imageConfig.volumes()),
                            req.version(), () -> {
                                Path rootfs = images.rootFs().mount(id);
                                mounted[0] = true;
                                return rootfs;
                            }, ref -> {
                                Container src = registry.find(ref);
                                return src == null ? null : src.record();
                            }));
                } finally {
                    if (mounted[0]) {
                        images.rootFs().unmount(id);
                    }
                }
            } catch (RuntimeException e) {
                images.rootFs().remove(id);
                throw e;
            }
            Path dir = runner.containerDir(id);
            ContainerRecord record = new ContainerRecord(id, name, Instant.now(), command.getFirst(),
                    command.subList(1, command.size()), req.config().image(), imageId, merged, req.host(),
                    req.hostConfigJson(), prepared.mounts(), prepared.tmpfs(), ContainerState.CREATED, 0, false,
                    dir.resolve("container.log").toString());
            try {
                Files.createDirectories(dir);
                images.rootFs().save(id, store.putWork(record));
            } catch (IOException | RuntimeException e) {
                createMounts.release(id, prepared.mounts(), true);
                images.rootFs().remove(id);
                throw e instanceof RuntimeException re ? re : new InternalException("create " + dir + ": " + e.getMessage());
            }
            registry.add(new Container(record));
            done = true;
            events.publish("container", "create", id, ContainerRunner.attributes(record));
            log.info("container {} created ({})", record.shortId(), name);
            return new CreateResult(id, prepared.warnings());
        } finally {
            if (!done) {
                registry.releaseName(name, id);
            }
        }
    }

    private String reserveName(String requested, String id) {
        if (requested != null && !requested.isEmpty()) {
            String name = Names.canonical(requested);
            registry.reserveName(name, id);
            return name;
        }
        for (int attempt = 0; ; attempt++) {
            String name = Names.generate(attempt);
            if (registry.tryReserveName(name, id)) {
                return name;
            }
        }
    }

    private static void validateTmpfs(HostSettings host) {
        host.tmpfs().keySet().forEach(dev.berth.mount.TmpfsDestination::validate);
    }

    // --- lifecycle ---

    public void start(String ref) {
        runner.start(registry.get(ref));
    }

    public void stop(String ref, Integer timeoutSeconds, String signal) {
        runner.stop(registry.get(ref), timeoutSeconds, signal);
    }

    public void kill(String ref, String signal) {
        runner.kill(registry.get(ref), ref, signal);
    }

    public void restart(String ref, Integer timeoutSeconds, String signal) {
        Container c = registry.get(ref);
        try {
            runner.stop(c, timeoutSeconds, signal);
        } catch (NotModifiedException notRunning) {
            // restart of a stopped container just starts it
        }
        c.lock.lock();
        try {
            c.record(c.record().withRestartCount(c.record().restartCount()));
        } finally {
            c.lock.unlock();
        }
        runner.start(c);
        events.publish("container", "restart", c.id, ContainerRunner.attributes(c.record()));
    }

    public void resize(String ref, int height, int width) {
        runner.resize(registry.get(ref), height, width);
    }

    public void rename(String ref, String newName) {
        Container c = registry.get(ref);
        if (newName == null || newName.isEmpty()) {
            throw new dev.berth.errors.InvalidArgumentException("Neither old nor new names may be empty");
        }
        // Unlike create, rename adds the slash before validating, so Docker's error shows "/name".
        String canonical = Names.canonical(newName.startsWith("/") ? newName : "/" + newName);
        c.lock.lock();
        try {
            ContainerRecord r = c.record();
            if (r.name().equals(canonical)) {
                throw new dev.berth.errors.InvalidArgumentException("Renaming a container with the same name as its "
                        + "current name");
            }
            try {
                registry.reserveName(canonical, c.id);
            } catch (ConflictException e) {
                throw new ConflictException("Error when allocating new name: " + e.getMessage(), e);
            }
            ContainerRecord renamed = r.withName(canonical);
            try {
                store.put(renamed);
            } catch (RuntimeException e) {
                registry.releaseName(canonical, c.id);
                throw e;
            }
            c.record(renamed);
            registry.releaseName(r.name(), c.id);
            events.publish("container", "rename", c.id, ContainerRunner.withExtra(
                    ContainerRunner.attributes(renamed), "oldName", r.name()));
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Removes a container. A running one needs {@code force} (it is killed first). With {@code removeVolumes} its
     * anonymous volumes go too (in-use ones are kept); named volumes never do.
     */
    public void remove(String ref, boolean force, boolean removeVolumes) {
        Container c = registry.get(ref);
        if (c.removing) {
            throw new ConflictException("removal of container " + ref + " is already in progress");
        }
        ContainerRecord r = c.record();
        if (r.state().isRunning()) {
            if (!force) {
                throw new ConflictException("cannot remove container \"" + r.name()
                        + "\": container is running: stop the container before removing or force remove");
            }
            try {
                runner.stop(c, 0, "SIGKILL");
            } catch (NotModifiedException exitedMeanwhile) {
                // fine
            }
        }
        removeStopped(c, removeVolumes);
    }

    private void removeStopped(Container c, boolean removeVolumes) {
        c.lock.lock();
        try {
            if (c.removing || registry.find(c.id) != c) {
                return;
            }
            c.removing = true;
            ContainerRecord r = c.record();
            if (r.state().isRunning()) {
                c.removing = false;
                throw new ConflictException("cannot remove container \"" + r.name()
                        + "\": container is running: stop the container before removing or force remove");
            }
            try {
                runtime.delete(c.id, true);
            } catch (RuntimeException e) {
                log.warn("container {}: runtime delete: {}", r.shortId(), e.getMessage());
            }
            images.rootFs().remove(c.id, store.deleteWork(c.id));
            registry.remove(c);
            createMounts.release(c.id, r.mounts(), removeVolumes);
            discard(c.id, runner.containerDir(c.id));
            deleteTree(runner.bundleDir(c.id));
            events.publish("container", "destroy", c.id, ContainerRunner.attributes(r));
            log.info("container {} removed ({})", r.shortId(), r.name());
            c.removed.complete(r.state().exitCode());
        } finally {
            c.lock.unlock();
        }
    }

    /** What {@link #prune} removed: container IDs and the bytes their own layers held. */
    public record PruneReport(List<String> deleted, long reclaimed) {
    }

    /**
     * {@code POST /containers/prune}: removes every container that is not running, was created before
     * {@code until} and matches {@code label} / {@code label!}. A container that cannot be removed (it started, or
     * is being removed) is skipped. One prune at a time (409); one {@code prune} event with the bytes reclaimed.
     */
    public PruneReport prune(FilterArgs filters) {
        filters.validate(Set.of("until", "label", "label!"));
        Instant until = PruneUntil.of(filters, Instant.now());
        if (!pruning.compareAndSet(false, true)) {
            throw new ConflictException("a prune operation is already running");
        }
        try {
            List<String> deleted = new ArrayList<>();
            long reclaimed = 0;
            for (Container c : registry.all()) {
                ContainerRecord r = c.record();
                if (r.state().isRunning() || (until != null && r.created().isAfter(until))
                        || !filters.matchLabels("label", r.config().labels())
                        || (filters.contains("label!") && filters.matchLabels("label!", r.config().labels()))) {
                    continue;
                }
                long size = sizeRw(c);
                try {
                    removeStopped(c, false);
                } catch (BerthException e) {
                    log.warn("container {}: not pruned: {}", r.shortId(), e.getMessage());
                    continue;
                }
                if (registry.find(c.id) == null) {
                    deleted.add(c.id);
                    reclaimed += size;
                }
            }
            events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
            return new PruneReport(deleted, reclaimed);
        } finally {
            pruning.set(false);
        }
    }

    private void autoRemove(Container c) {
        try {
            removeStopped(c, true);
        } catch (BerthException e) {
            log.warn("container {}: auto-remove failed: {}", c.id.substring(0, 12), e.getMessage());
        }
    }

    // --- queries ---

    public ContainerView inspect(String ref) {
        return view(registry.get(ref).record());
    }

    /** Containers for {@code docker ps}: running ones unless {@code all}; newest first; at most {@code limit}. */
    public List<ContainerView> list(boolean all, int limit, FilterArgs filters) {
        ContainerFilters f = ContainerFilters.of(filters, this::resolveImageQuietly, registry::find);
        List<ContainerRecord> records = new ArrayList<>();
        for (Container c : registry.all()) {
            records.add(c.record());
        }
        records.sort((a, b) -> b.created().compareTo(a.created()));
        List<ContainerView> out = new ArrayList<>();
        boolean everything = all || limit > 0 || f.needsAll();
        for (ContainerRecord r : records) {
            if (!everything && !r.state().isRunning()) {
                continue;
            }
            if (!f.matches(r)) {
                continue;
            }
            out.add(view(r));
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private String resolveImageQuietly(String ref) {
        try {
            return images.resolveId(ref);
        } catch (BerthException e) {
            return null;
        }
    }

    /** Completes with the exit code once {@code condition} holds; headers can be sent before that. */
    public CompletableFuture<Integer> waitFor(String ref, WaitCondition condition) {
        Container c = registry.get(ref);
        return switch (condition) {
            case NOT_RUNNING -> c.record().state().isRunning() ? c.nextExit()
                    : CompletableFuture.completedFuture(c.record().state().exitCode());
            case NEXT_EXIT -> c.nextExit();
            case REMOVED -> c.removed;
        };
    }

    /** Whether the container has a TTY (its output is then raw, not multiplexed). */
    public boolean hasTty(String ref) {
        return registry.get(ref).record().config().tty();
    }

    /**
     * Attaches a client: replays the log first if asked, then streams live output (now, or from start for a
     * created container) until the container's output ends. Returns when the attach is set up; {@code client}
     * is closed when it ends.
     */
    public CompletableFuture<Void> attach(String ref, AttachOptions options, AttachClient client) {
        Container c = registry.get(ref);
        ContainerRecord r = c.record();
        if (options.logs()) {
            try {
                runtime.logs().read(Path.of(r.logPath()), new LogQuery(options.stdout(), options.stderr(), -1, null,
                        null, false), e -> client.output(e.stream(), e.bytes(), 0, e.bytes().length),
                        CompletableFuture.completedFuture(null));
            } catch (IOException e) {
                log.debug("container {}: log replay: {}", r.shortId(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!options.stream()) {
            client.close();
            done.complete(null);
            return done;
        }
        Container.PendingAttach p = new Container.PendingAttach(options, client, done);
        c.lock.lock();
        try {
            ContainerStatus s = c.record().state().status();
            if (s == ContainerStatus.RUNNING) {
                runner.connect(c, p);
            } else if (s == ContainerStatus.CREATED || !c.record().hasBeenStarted()) {
                c.addPending(p);
                client.onClose(() -> c.removePending(p));
            } else {
                // Exited containers have no live output; Docker ends the attach at once.
                client.close();
                done.complete(null);
            }
        } finally {
            c.lock.unlock();
        }
        return done;
    }

    /** Streams the container's log to {@code sink}; with follow, until the container exits. */
    public void logs(String ref, LogQuery query, LogSink sink) throws IOException, InterruptedException {
        Container c = registry.get(ref);
        ContainerRecord r = c.record();
        Path file = Path.of(r.logPath());
        if (!Files.exists(file)) {
            return;
        }
        CompletableFuture<?> exited = r.state().isRunning() ? c.nextExit() : CompletableFuture.completedFuture(null);
        runtime.logs().read(file, query, sink, exited);
    }

    /** Bytes the container wrote into its own layer (Docker's {@code SizeRw}). */
    public long sizeRw(String ref) {
        return sizeRw(registry.get(ref));
    }

    private long sizeRw(Container c) {
        try {
            return dev.berth.volume.DirectorySize.of(images.rootFs().paths(c.id).upper());
        } catch (IOException e) {
            return 0;
        }
    }

    // --- the archive API (docker cp) ---

    /**
     * Takes a hold on the container's root filesystem mount (mounting it if needed): until {@link #releaseRootfs},
     * the end of a run leaves it mounted. Call with the container's lock held.
     */
    private Path holdRootfs(Container c) {
        Path merged = images.rootFs().mount(c.id);
        c.rootfsUsers++;
        return merged;
    }

    /** Gives a hold back; the last one unmounts the overlay unless the container runs. Call with the lock held. */
    private void releaseRootfs(Container c) {
        if (--c.rootfsUsers == 0 && !c.record().state().isRunning() && registry.find(c.id) == c) {
            try {
                images.rootFs().unmount(c.id);
            } catch (BerthException e) {
                log.warn("container {}: unmount root filesystem: {}", c.id.substring(0, 12), e.getMessage());
            }
        }
    }

    /** A container's filesystem opened for {@code docker cp}, and what closing it undoes. */
    private final class OpenView implements AutoCloseable {
        final Container c;
        final ContainerRecord record;
        final FsView view;
        final Path rootfs;
        private final RunMounts.ViewMounts mounts;

        OpenView(Container c) {
            this.c = c;
            c.lock.lock();
            boolean held = false;
            RunMounts.ViewMounts m = null;
            try {
                if (c.removing || registry.find(c.id) != c) {
                    throw new NoSuchContainerException(c.id);
                }
                this.record = c.record();
                this.rootfs = holdRootfs(c);
                held = true;
                m = runMounts.forView(record, "cp-" + Long.toHexString(System.nanoTime()), runner.containerDir(c.id));
                this.view = FsView.open(rootfs, m.mounts());
                this.mounts = m;
            } catch (IOException e) {
                undo(m, held);
                throw new InternalException("open the filesystem of container " + c.id.substring(0, 12) + ": "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                undo(m, held);
                throw e;
            } finally {
                c.lock.unlock();
            }
        }

        private void undo(RunMounts.ViewMounts m, boolean held) {
            if (m != null) {
                RunMounts.closeAll(m.cleanup().reversed());
            }
            if (held) {
                releaseRootfs(c);
            }
        }

        @Override
        public void close() {
            view.close();
            c.lock.lock();
            try {
                undo(mounts, true);
            } finally {
                c.lock.unlock();
            }
        }
    }

    /** Docker's error for a path the container does not have (404). */
    private static NotFoundException fileNotFound(String path, String ref) {
        return new NotFoundException("Could not find the file " + path + " in container " + ref);
    }

    /** {@code HEAD /containers/{id}/archive}: Docker's stat of {@code path} in the container's view. */
    public TreeArchive.PathStat statPath(String ref, String path) {
        try (OpenView v = new OpenView(registry.get(ref))) {
            return TreeArchive.stat(v.view, TreeArchive.absPath(path));
        } catch (TreeArchive.NotFound e) {
            throw fileNotFound(path, ref);
        } catch (IOException e) {
            throw new InternalException(e.getMessage(), e);
        }
    }

    /** A path's archive, open: its stat is known before the tar is written. */
    public interface PathArchive extends AutoCloseable {
        TreeArchive.PathStat stat();

        /** Writes the tar; publishes the container's {@code archive-path} event. */
        void writeTo(OutputStream out) throws IOException;

        @Override
        void close();
    }

    /** {@code GET /containers/{id}/archive}: the stat of {@code path} now, its tar when asked. */
    public PathArchive archivePath(String ref, String path) {
        OpenView v = new OpenView(registry.get(ref));
        String abs = TreeArchive.absPath(path);
        TreeArchive.PathStat stat;
        try {
            stat = TreeArchive.stat(v.view, abs);
        } catch (TreeArchive.NotFound e) {
            v.close();
            throw fileNotFound(path, ref);
        } catch (IOException e) {
            v.close();
            throw new InternalException(e.getMessage(), e);
        }
        return new PathArchive() {
            @Override
            public TreeArchive.PathStat stat() {
                return stat;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                events.publish("container", "archive-path", v.c.id, ContainerRunner.attributes(v.record));
                TreeArchive.tar(v.view, abs, out);
            }

            @Override
            public void close() {
                v.close();
            }
        };
    }

    /**
     * {@code PUT /containers/{id}/archive}: extracts {@code tar} (plain or compressed) into the directory
     * {@code path}, as Docker: the path resolved with every symlink followed must be a directory; in a read-only
     * volume or, outside volumes, under a read-only root filesystem nothing is written; with {@code copyUIDGID}
     * files belong to the container's user (when it has one). Publishes {@code extract-to-dir}.
     */
    public void extractToDir(String ref, String path, boolean noOverwriteDirNonDir, boolean copyUIDGID,
                             InputStream tar) {
        try (OpenView v = new OpenView(registry.get(ref))) {
            String dest;
            FsView.ViewMount mount;
            try (FsView.Location l = v.view.resolve(TreeArchive.absPath(path), true)) {
                if (!l.lstat().isDirectory()) {
                    throw new InvalidArgumentException("extraction point is not a directory");
                }
                dest = l.path();
                mount = l.mount();
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) {
                    throw fileNotFound(path, ref);
                }
                throw new InternalException(e.getMessage(), e);
            }
            if (mount != null && !mount.rw()) {
                throw new InvalidArgumentException("mounted volume is marked read-only");
            }
            if (mount == null && v.record.host().readonlyRootfs()) {
                throw new InvalidArgumentException("container rootfs is marked read-only");
            }
            Integer uid = null;
            Integer gid = null;
            String user = v.record.config().user();
            if (copyUIDGID && user != null && !user.isEmpty()) {
                UserResolver.ResolvedUser u = UserResolver.resolve(v.rootfs, user);
                uid = u.uid();
                gid = u.gid();
            }
            try {
                TreeArchive.extract(v.view, dest, dev.berth.archive.Compression.decompress(tar),
                        new TreeArchive.ExtractOptions(noOverwriteDirNonDir, uid, gid));
            } catch (IOException e) {
                throw TreeArchive.failure(e.getMessage(), e); // a 500, as Docker's
            }
            events.publish("container", "extract-to-dir", v.c.id, ContainerRunner.attributes(v.record));
        }
    }

    /** Streams the container's root filesystem as a tar. */
    public void export(String ref, OutputStream out) {
        Container c = registry.get(ref);
        c.lock.lock();
        try {
            holdRootfs(c);
        } finally {
            c.lock.unlock();
        }
        try {
            images.rootFs().export(c.id, out);
        } finally {
            c.lock.lock();
            try {
                releaseRootfs(c);
            } finally {
                c.lock.unlock();
            }
        }
        events.publish("container", "export", c.id, ContainerRunner.attributes(c.record()));
    }

    public SystemInfo.Counts counts() {
        int running = 0;
        int paused = 0;
        int total = 0;
        for (Container c : registry.all()) {
            total++;
            switch (c.record().state().status()) {
                case RUNNING, RESTARTING -> running++;
                case PAUSED -> paused++;
                default -> {
                }
            }
        }
        return new SystemInfo.Counts(total, running, paused, total - running - paused, images.list(
                dev.berth.image.ImageListOptions.DEFAULT).size());
    }

    @Override
    public List<User> containersUsing(String imageId) {
        List<User> out = new ArrayList<>();
        for (Container c : registry.all()) {
            if (c.record().imageId().equals(imageId)) {
                out.add(new User(c.id, c.record().state().isRunning()));
            }
        }
        return out;
    }

    // --- restore ---

    /** Loads containers, re-takes their volume references and reconciles the ones that were running. */
    public void restore() {
        List<ContainerRecord> records = store.loadAll();
        List<String> wasRunning = new ArrayList<>();
        for (ContainerRecord r : records) {
            Container c = new Container(r);
            registry.add(c);
            for (StoredMount m : r.mounts()) {
                if (m.isVolume()) {
                    try {
                        volumes.acquire(m.name(), r.id());
                    } catch (BerthException e) {
                        log.warn("container {}: volume {} is gone: {}", r.shortId(), m.name(), e.getMessage());
                    }
                }
            }
            if (r.state().isRunning()) {
                wasRunning.add(r.id());
            }
        }
        Map<String, dev.berth.runtime.Restored> states = wasRunning.isEmpty() ? Map.of()
                : runtime.restore(wasRunning);
        for (String id : wasRunning) {
            Container c = registry.find(id);
            ContainerRecord r = c.record();
            for (StoredMount m : r.mounts()) {
                if (m.isVolume()) {
                    try {
                        volumes.restoreMount(m.name(), m.mountId());
                    } catch (BerthException e) {
                        log.warn("container {}: remount of volume {}: {}", r.shortId(), m.name(), e.getMessage());
                    }
                }
            }
            switch (states.getOrDefault(id, new dev.berth.runtime.Restored.Lost("not reported"))) {
                case dev.berth.runtime.Restored.Running running ->
                        log.info("container {} is still running (pid {})", r.shortId(), running.pid());
                case dev.berth.runtime.Restored.Exited ex -> {
                    log.info("container {} exited with {} while the daemon was down", r.shortId(), ex.exitCode());
                    runner.exited(c, new ExitEvent(id, ex.exitCode(), ex.finishedAt()));
                }
                case dev.berth.runtime.Restored.Created cr -> {
                    log.warn("container {} never started; marking it exited", r.shortId());
                    runner.exited(c, new ExitEvent(id, 128, Instant.now()));
                }
                case dev.berth.runtime.Restored.Lost lost -> {
                    log.warn("container {} was lost while the daemon was down: {}", r.shortId(), lost.reason());
                    runner.exited(c, new ExitEvent(id, 255, Instant.now()));
                }
            }
        }
        // What a crash left between a root filesystem's creation and its container's record.
        images.rootFs().removeOrphans(records.stream().map(ContainerRecord::id)
                .collect(java.util.stream.Collectors.toSet()));
        // Like Docker, AutoRemove containers that are not running are gone before the API answers.
        for (Container c : registry.all()) {
            ContainerRecord r = c.record();
            if (r.host().autoRemove() && !r.state().isRunning()) {
                autoRemove(c);
            }
        }
        log.info("containers loaded: {} ({} running)", records.size(), wasRunning.size());
    }

    private ContainerView view(ContainerRecord r) {
        List<InspectMount> mounts = InspectMount.of(r.mounts().stream().map(StoredMount::toMountPoint).toList());
        Map<String, String> volumeNames = new LinkedHashMap<>();
        for (StoredMount m : r.mounts()) {
            if (m.isVolume()) {
                volumeNames.put(m.name(), m.destination());
            }
        }
        Path dir = runner.containerDir(r.id());
        var paths = images.rootFs().paths(r.id());
        Map<String, String> graph = new LinkedHashMap<>();
        graph.put("MergedDir", paths.merged().toString());
        graph.put("UpperDir", paths.upper().toString());
        graph.put("WorkDir", paths.work().toString());
        return new ContainerView(r.id(), r.name(), r.created(), r.path(), r.args(), r.imageRef(), r.imageId(),
                r.config(), r.host(), r.hostConfigJson(), mounts, volumeNames, r.state(), r.restartCount(),
                r.logPath(), dir.resolve("resolv.conf").toString(), dir.resolve("hostname").toString(),
                dir.resolve("hosts").toString(), graph);
    }

    /** Deletes the container's directory (logs, network files) in the background. */
    private void discard(String id, Path dir) {
        try {
            images.rootFs().discard(id, dir);
        } catch (BerthException e) {
            log.warn("delete {}: {}", dir, e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("delete {}: {}", dir, e.getMessage());
        }
    }

    public void close() {
        background.shutdown();
    }
}
