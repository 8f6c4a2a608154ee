package dev.berth.runtime;

import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.UnixSeqpacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link ContainerRuntime} on runc, with one conmon per container: conmon runs {@code runc create}, holds the
 * container's stdio (pipes or a TTY), writes the k8s-file log, serves the attach socket and the ctl fifo, and
 * writes the exit file. conmon daemonises into its own session, so containers outlive the daemon. Exit files are
 * watched with inotify and reported to the listener on the runtime's watcher thread, which must not block.
 * Thread-safe.
 */
public final class ConmonRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(ConmonRuntime.class);
    /** How long to wait for an exit after SIGKILL before giving up on the container. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final StateLayout layout;
    private final Runc runc;
    private final DirectoryWatcher watcher;
    private final ExitWatcher exits;
    private final ConmonLauncher launcher;
    private final ContainerLogs logs;
    /** {@code runc delete} of exited containers, run after {@link #delete} returned; see {@link #settle}. */
    private final Map<String, CompletableFuture<Void>> deleting = new ConcurrentHashMap<>();

    private ConmonRuntime(RuntimeConfig config, Consumer<ExitEvent> exitListener) throws IOException {
        this.layout = new StateLayout(config.stateDir());
        for (Path dir : new Path[] {layout.runcRoot(), layout.exitDir(), layout.socketDir(),
                config.stateDir().resolve("ctr")}) {
            Files.createDirectories(dir);
        }
        this.runc = new Runc(config.runc(), layout.runcRoot());
        this.watcher = new DirectoryWatcher();
        try {
            this.exits = new ExitWatcher(layout, watcher, exitListener);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        this.launcher = new ConmonLauncher(config, layout, runc);
        this.logs = new ContainerLogs(watcher, false);
    }

    /**
     * Opens the runtime on its state dir and starts watching for exits. Exits that happened before this call are
     * not reported to the listener; {@link #restore} returns them.
     */
    public static ConmonRuntime open(RuntimeConfig config, Consumer<ExitEvent> exitListener) {
        try {
            return new ConmonRuntime(config, exitListener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open runtime state dir " + config.stateDir(), e);
        }
    }

    @Override
    public int create(String id, Path bundle, CreateOptions options) {
        layout.checkId(id);
        if (!Files.isRegularFile(bundle.resolve("config.json"))) {
            throw new OciRuntimeException("create", "no config.json in bundle " + bundle);
        }
        settle(id);
        Optional<RuntimeState> existing = state(id);
        if (existing.isPresent()) {
            if (existing.get().status() != RuntimeState.Status.STOPPED) {
                throw new ConflictException("container " + id + " already exists in the runtime");
            }
            delete(id, false);
        }
        removeState(id);
        try {
            int pid = launcher.launch(id, bundle.toAbsolutePath(), options);
            log.debug("container {} created, pid {}", id, pid);
            return pid;
        } catch (OciRuntimeException e) {
            log.info("container {} not created: {}", id, e.runtimeMessage());
            discardFailedCreate(id);
            throw e;
        } catch (IOException e) {
            discardFailedCreate(id);
            throw new UncheckedIOException("cannot run conmon for " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardFailedCreate(id);
            throw new OciRuntimeException("create", "interrupted while creating the container");
        }
    }

    private void discardFailedCreate(String id) {
        ConmonProcess.kill(layout.conmonPidFile(id));
        try {
            runc.delete(id, true);
        } catch (RuntimeException e) {
            log.debug("runc delete after failed create of {}: {}", id, e.getMessage());
        }
        removeState(id);
    }

    @Override
    public void start(String id) {
        settle(layout.checkId(id));
        runc.start(id, ConmonProcess.readPid(layout.containerPidFile(id)).orElse(0));
        log.debug("container {} started", id);
    }

    @Override
    public void kill(String id, int signal) {
        runc.kill(layout.checkId(id), signal);
    }

    @Override
    public ExitEvent stop(String id, int signal, Duration timeout) {
        CompletableFuture<ExitEvent> exit = exits.exit(layout.checkId(id));
        if (!exit.isDone() && !Files.isDirectory(layout.containerDir(id))) {
            // Its exit was reported and its state removed (a delete) before this waiter existed: no exit event
            // will come. runc may still know it while its own delete runs in the background. The waiter just
            // made goes again (the delete already forgot this id, and would not come back for it).
            exits.forget(id);
            throw new ContainerNotRunningException(id);
        }
        if (exit.isDone() && !exit.isCancelled()) {
            // It exited already (its state may be half deleted, runc's part gone): nothing to signal.
            return exit.join();
        }
        if (signal != Signals.SIGKILL) {
            try {
                runc.kill(id, signal);
            } catch (ContainerNotRunningException e) {
                if (isBeingRemoved(id, exit)) {
                    throw e;
                }
                return await(id, exit, KILL_WAIT).orElseThrow(() -> e);
            }
            Optional<ExitEvent> stopped = await(id, exit, timeout.isNegative() ? null : timeout);
            if (stopped.isPresent()) {
                return stopped.get();
            }
            log.info("container {} did not exit within {} of signal {}; killing it", id, timeout, signal);
        }
        try {
            runc.kill(id, Signals.SIGKILL);
        } catch (ContainerNotRunningException e) {
            if (isBeingRemoved(id, exit)) {
                throw e;
            }
            log.debug("container {} stopped before SIGKILL", id);
        }
        return await(id, exit, KILL_WAIT).orElseThrow(() -> new OciRuntimeException("stop",
                "tried to kill container, but did not receive an exit event"));
    }

    /**
     * After runc said "not running" and no exit has come to {@code exit}: whether the container's state is being
     * removed (its exit was handled and a delete runs or ran), so no exit event will ever come to this waiter, made
     * after the delete forgot the last one. Otherwise its process just died and conmon is about to report it.
     */
    private boolean isBeingRemoved(String id, CompletableFuture<ExitEvent> exit) {
        return !exit.isDone() && (deleting.containsKey(id) || !runc.knows(id));
    }

    /** Waits for the exit, {@code timeout} null meaning for ever; empty when the time ran out. */
    private static Optional<ExitEvent> await(String id, CompletableFuture<ExitEvent> exit, Duration timeout) {
        try {
            return Optional.of(timeout == null ? exit.get() : exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciRuntimeException("stop", "interrupted while waiting for container " + id + " to exit");
        } catch (CancellationException e) {
            // Its exit was handled and its state deleted meanwhile: it is not running any more.
            throw new ContainerNotRunningException(id);
        } catch (ExecutionException e) {
            throw new OciRuntimeException("stop", "container " + id + " was deleted while stopping");
        }
    }

    @Override
    public Optional<RuntimeState> state(String id) {
        settle(layout.checkId(id));
        // runc keeps a container's state in <root>/<id>/; without it, "runc state" only says it does not exist.
        return runc.knows(layout.checkId(id)) ? runc.state(id) : Optional.empty();
    }

    @Override
    public void delete(String id, boolean force) {
        layout.checkId(id);
        if (deleting.containsKey(id)) {
            // An earlier delete left runc's part running; it finishes it.
            removeState(id);
            return;
        }
        boolean known = runc.knows(id);
        if (!force && known) {
            Optional<RuntimeState> st = runc.state(id);
            if (st.isPresent() && st.get().status() != RuntimeState.Status.STOPPED) {
                throw new ConflictException("container " + id + " is "
                        + st.get().status().name().toLowerCase(Locale.ROOT) + ": stop it before deleting");
            }
        }
        CompletableFuture<ExitEvent> exit = exits.exit(id);
        if (ConmonProcess.isLiveConmon(layout.conmonPidFile(id))) {
            // Let conmon record the exit before its files go, so no exit event arrives after the delete. Once the
            // exit file exists the container is gone; before that it is killed (runc refuses if it already exited).
            if (!exit.isDone() && force && known) {
                try {
                    runc.kill(id, Signals.SIGKILL);
                } catch (ContainerNotRunningException | NotFoundException ignored) {
                    // exited or deleted meanwhile
                }
            }
            if (await(id, exit, KILL_WAIT).isEmpty()) {
                log.warn("container {} did not report its exit; killing its conmon", id);
                ConmonProcess.kill(layout.conmonPidFile(id));
            }
        }
        if (known) {
            if (exit.isDone() && !exit.isCancelled()) {
                // The container's processes are gone: what runc has left to do (its cgroups, its state dir) need
                // not hold up the caller. Every later call for this id waits for it first.
                CompletableFuture<Void> f = new CompletableFuture<>();
                deleting.put(id, f);
                Thread.ofVirtual().name("runc-delete-" + id).start(() -> {
                    try {
                        runcDelete(id);
                    } catch (RuntimeException e) {
                        log.warn("container {}: runtime delete: {}", id, e.getMessage());
                    } finally {
                        deleting.remove(id, f);
                        f.complete(null);
                    }
                });
            } else {
                runcDelete(id);
            }
        }
        removeState(id);
        log.debug("container {} deleted from the runtime", id);
    }

    private void runcDelete(String id) {
        try {
            runc.delete(id, true);
        } catch (NotFoundException ignored) {
            // deleted meanwhile: nothing to remove there
        }
    }

    /** Waits for a {@code runc delete} that an earlier {@link #delete} left running. */
    private void settle(String id) {
        CompletableFuture<Void> f = deleting.get(id);
        if (f != null) {
            f.join();
        }
    }

    /** Forgets the exit and removes berth's files for the container (never the caller's bundle or log). */
    private void removeState(String id) {
        exits.forget(id);
        try {
            Files.deleteIfExists(layout.exitFile(id));
            Files.deleteIfExists(layout.socketLink(id));
            Path dir = layout.containerDir(id);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove runtime state of " + id, e);
        }
    }

    /**
     * Refuses a container whose exit is recorded. conmon writes the exit file and only then closes its attach
     * socket and control fifo and exits, so for a moment after the exit both still answer.
     */
    private void requireNotExited(String id) {
        if (exits.read(id).isPresent()) {
            throw new ContainerNotRunningException(id);
        }
    }

    @Override
    public void resize(String id, int height, int width) {
        layout.checkId(id);
        requireNotExited(id);
        if (!ConmonProcess.isLiveConmon(layout.conmonPidFile(id))) {
            throw new ContainerNotRunningException(id);
        }
        // conmon keeps a reader on its ctl fifo for as long as it lives, so this open does not block.
        try (FileChannel ctl = FileChannel.open(layout.controlFifo(id), StandardOpenOption.WRITE)) {
            ctl.write(ByteBuffer.wrap(("1 " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new OciRuntimeException("resize", "cannot resize the terminal of " + id + ": " + e.getMessage());
        }
    }

    @Override
    public AttachSession attach(String id, AttachListener output) {
        layout.checkId(id);
        requireNotExited(id);
        try {
            return ConmonAttach.open(id, UnixSeqpacket.connect(layout.attachSocket(id)), output);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ECONNREFUSED) {
                throw new ContainerNotRunningException(id);
            }
            throw new OciRuntimeException("attach", "cannot attach to " + id + ": " + e.getMessage());
        }
    }

    @Override
    public Map<String, Restored> restore(Collection<String> ids) {
        Map<String, Restored> result = new LinkedHashMap<>();
        for (String id : ids) {
            result.put(id, restore(layout.checkId(id)));
        }
        return result;
    }

    private Restored restore(String id) {
        Optional<ExitEvent> exit = exits.read(id);
        if (exit.isPresent()) {
            return new Restored.Exited(exit.get().exitCode(), exit.get().finishedAt());
        }
        Optional<RuntimeState> st = state(id);
        if (st.isEmpty()) {
            return new Restored.Lost("the runtime does not know the container");
        }
        boolean conmon = ConmonProcess.isLiveConmon(layout.conmonPidFile(id));
        return switch (st.get().status()) {
            case STOPPED -> conmon
                    ? await(id, exits.exit(id), KILL_WAIT)
                            .<Restored>map(e -> new Restored.Exited(e.exitCode(), e.finishedAt()))
                            .orElse(new Restored.Lost("exited without an exit status"))
                    : new Restored.Lost("exited without an exit status");
            case RUNNING, PAUSED -> conmon ? new Restored.Running(st.get().pid())
                    : new Restored.Lost("running without its conmon");
            case CREATED, CREATING -> conmon ? new Restored.Created(st.get().pid())
                    : new Restored.Lost("created without its conmon");
        };
    }

    @Override
    public ContainerLogs logs() {
        return logs;
    }

    @Override
    public void close() {
        for (CompletableFuture<Void> f : deleting.values()) {
            f.completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        exits.close();
        watcher.close();
    }
}
