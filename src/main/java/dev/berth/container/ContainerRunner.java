package dev.berth.container;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotModifiedException;
import dev.berth.events.EventSink;
import dev.berth.image.ImageService;
import dev.berth.runtime.AttachSession;
import dev.berth.runtime.ContainerNotRunningException;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.CreateOptions;
import dev.berth.runtime.ExitEvent;
import dev.berth.runtime.OciRuntimeException;
import dev.berth.runtime.OciSpec;
import dev.berth.runtime.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs containers: start (root filesystem, mounts, network files, OCI spec, runc under conmon, waiting
 * attaches), stop, kill, and the handling of exits. Every lifecycle step of one container holds its lock.
 * Thread-safe.
 */
final class ContainerRunner {

    private static final Logger log = LoggerFactory.getLogger(ContainerRunner.class);

    private final ContainerRuntime runtime;
    private final ImageService images;
    private final RunMounts mounts;
    private final ContainerStore store;
    private final EventSink events;
    private final Path dataRoot;
    private final Path execRoot;
    private final Consumer<Container> autoRemove;

    ContainerRunner(ContainerRuntime runtime, ImageService images, RunMounts mounts, ContainerStore store,
                    EventSink events, Path dataRoot, Path execRoot, Consumer<Container> autoRemove) {
        this.runtime = runtime;
        this.images = images;
        this.mounts = mounts;
        this.store = store;
        this.events = events;
        this.dataRoot = dataRoot;
        this.execRoot = execRoot;
        this.autoRemove = autoRemove;
    }

    Path containerDir(String id) {
        return dataRoot.resolve("containers").resolve(id);
    }

    Path bundleDir(String id) {
        return execRoot.resolve("containers").resolve(id);
    }

    void start(Container c) {
        c.lock.lock();
        try {
            ContainerRecord r = c.record();
            if (c.removing) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
            if (r.state().isRunning()) {
                throw new NotModifiedException("Container is already started");
            }
            startLocked(c, r);
        } finally {
            c.lock.unlock();
        }
    }

    private void startLocked(Container c, ContainerRecord r) {
        String id = r.id();
        RunMounts.Active active = null;
        boolean created = false;
        try {
            Path rootfs = images.rootFs().mount(id);
            String hostname = hostname(r);
            Map<String, Path> files = writeNetworkFiles(r, hostname);
            active = mounts.mount(r, files);
            OciSpec spec = ProcessSpec.build(r, rootfs, active, hostname);
            Path bundle = bundleDir(id);
            Files.createDirectories(bundle);
            spec.writeTo(bundle);
            runtime.delete(id, true);
            int pid = runtime.create(id, bundle, new CreateOptions(r.config().tty(), r.config().openStdin(),
                    r.config().stdinOnce(), Path.of(r.logPath()), -1));
            created = true;
            TmpfsModes.apply(pid, r, rootfs);
            for (Container.PendingAttach p : c.takePending()) {
                connect(c, p);
            }
            runtime.start(id);
            ContainerRecord running = r.withState(r.state().running(pid, Instant.now()));
            store.put(running);
            c.record(running);
            c.active = active;
            events.publish("container", "start", id, attributes(running));
            log.info("container {} started ({})", r.shortId(), r.name());
        } catch (RuntimeException | IOException e) {
            if (created) {
                safeDelete(id);
            }
            if (active != null) {
                mounts.unmount(r);
            }
            if (c.rootfsUsers == 0) {
                images.rootFs().unmount(id);
            }
            String message = e instanceof OciRuntimeException ? "failed to create task for container: "
                    + e.getMessage() : e.getMessage();
            int exitCode = exitCodeOf(message);
            ContainerRecord failed = r.withState(r.state().exited(exitCode, r.state().finishedAt(), message));
            store.put(failed);
            c.record(failed);
            for (Container.PendingAttach p : c.takePending()) {
                p.client().close();
                p.done().complete(null);
            }
            if (r.host().autoRemove()) {
                // Docker removes an AutoRemove container whose start failed; `run --rm` waits for that.
                autoRemove.accept(c);
            }
            if (e instanceof BerthException b && !(e instanceof OciRuntimeException)) {
                throw b;
            }
            throw exitCode == 127 || exitCode == 126 ? new InvalidArgumentException(message)
                    : new InternalException(message);
        } finally {
            if (active != null) {
                RunMounts.closeAll(active.afterStart());
            }
        }
    }

    /** Docker's exit codes for a start that failed: 127 command not found, 126 not executable. */
    private static int exitCodeOf(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("executable file not found") || m.contains("no such file or directory")) {
            return 127;
        }
        if (m.contains("permission denied")) {
            return 126;
        }
        return 128;
    }

    private String hostname(ContainerRecord r) {
        if (r.host().networkMode().equals("host")) {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                return "localhost";
            }
        }
        return r.config().hostname().isEmpty() ? r.shortId() : r.config().hostname();
    }

    private Map<String, Path> writeNetworkFiles(ContainerRecord r, String hostname) throws IOException {
        Path dir = containerDir(r.id());
        Files.createDirectories(dir);
        Map<String, Path> files = RunMounts.networkFiles(dir);
        Files.writeString(files.get("/etc/hostname"), hostname + "\n");
        String hosts;
        if (r.host().networkMode().equals("host")) {
            hosts = Files.exists(Path.of("/etc/hosts")) ? Files.readString(Path.of("/etc/hosts")) : "";
        } else {
            hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
                    + "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
                    + "127.0.1.1\t" + hostname + "\n";
        }
        Files.writeString(files.get("/etc/hosts"), hosts);
        Path hostResolv = Path.of("/etc/resolv.conf");
        Files.writeString(files.get("/etc/resolv.conf"),
                Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "");
        return files;
    }

    /** Connects an attach to the created (not yet started) or running container. */
    void connect(Container c, Container.PendingAttach p) {
        AttachOptions o = p.options();
        AttachSession session;
        try {
            session = runtime.attach(c.id, (stream, buf, off, len) -> {
                boolean wanted = stream == dev.berth.runtime.StdStream.STDOUT ? o.stdout() : o.stderr();
                if (wanted) {
                    p.client().output(stream, buf, off, len);
                }
            });
        } catch (ContainerNotRunningException e) {
            p.client().close();
            p.done().complete(null);
            return;
        }
        c.addLive(session);
        session.onStdinFlow(() -> p.client().inputFlow(session::acceptsStdin));
        p.client().onInput(bytes -> {
            if (!o.stdin()) {
                return;
            }
            try {
                if (bytes == null) {
                    session.closeStdin();
                } else {
                    session.writeStdin(bytes, 0, bytes.length);
                }
            } catch (IOException e) {
                log.debug("container {}: stdin: {}", c.id, e.getMessage());
            }
        });
        p.client().onClose(session::close);
        session.done().whenComplete((v, e) -> {
            c.removeLive(session);
            p.client().close();
            p.done().complete(null);
        });
    }

    /** Docker's stop: the stop signal, then SIGKILL after the timeout; not running is "not modified". */
    void stop(Container c, Integer timeoutSeconds, String signal) {
        // The waiter first: an exit handled after it completes it; one handled before shows in the record.
        var exit = c.nextExit();
        ContainerRecord r = c.record();
        if (!r.state().isRunning()) {
            throw new NotModifiedException("Container is already stopped");
        }
        int sig = Signals.parse(signal != null && !signal.isEmpty() ? signal
                : r.config().stopSignal() != null ? r.config().stopSignal() : "SIGTERM");
        int timeout = timeoutSeconds != null ? timeoutSeconds
                : r.config().stopTimeout() != null ? r.config().stopTimeout() : 10;
        try {
            runtime.stop(c.id, sig, timeout < 0 ? Duration.ofSeconds(-1) : Duration.ofSeconds(timeout));
        } catch (ContainerNotRunningException e) {
            // exited meanwhile
        }
        events.publish("container", "kill", c.id, withExtra(attributes(r), "signal", Integer.toString(sig)));
        awaitExit(exit);
        events.publish("container", "stop", c.id, attributes(c.record()));
    }

    void kill(Container c, String ref, String signal) {
        ContainerRecord r = c.record();
        int sig = Signals.parse(signal == null || signal.isEmpty() ? "SIGKILL" : signal);
        if (!r.state().isRunning()) {
            throw new ConflictException("cannot kill container: " + ref + ": container " + c.id + " is not running");
        }
        try {
            runtime.kill(c.id, sig);
        } catch (ContainerNotRunningException e) {
            throw new ConflictException("cannot kill container: " + ref + ": container " + c.id + " is not running");
        }
        events.publish("container", "kill", c.id, withExtra(attributes(r), "signal", Integer.toString(sig)));
    }

    void resize(Container c, int height, int width) {
        if (!c.record().state().isRunning()) {
            throw new ConflictException("Container " + c.id + " is not running");
        }
        runtime.resize(c.id, height, width);
    }

    private static void awaitExit(java.util.concurrent.CompletableFuture<Integer> exit) {
        try {
            exit.get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("waiting for exit: {}", e.toString());
        }
    }

    /** Handles an exit reported by the runtime (or found at restore). */
    void exited(Container c, ExitEvent e) {
        boolean remove;
        c.lock.lock();
        try {
            ContainerRecord r = c.record();
            if (r.state().status() != ContainerStatus.RUNNING) {
                return;
            }
            cleanupRun(c, r);
            ContainerRecord done = r.withState(r.state().exited(e.exitCode(), e.finishedAt(), ""));
            store.put(done);
            c.record(done);
            events.publish("container", "die", c.id, withExtra(attributes(done), "exitCode",
                    Integer.toString(e.exitCode())));
            log.info("container {} exited with {}", r.shortId(), e.exitCode());
            remove = done.host().autoRemove();
        } finally {
            c.lock.unlock();
        }
        c.exited(e.exitCode());
        if (remove) {
            autoRemove.accept(c);
        }
    }

    /** Releases what a run holds: volume mounts, the root filesystem mount, the runtime's record. */
    private void cleanupRun(Container c, ContainerRecord r) {
        mounts.unmount(r);
        c.active = null;
        safeDelete(c.id);
        if (c.rootfsUsers > 0) {
            return; // the last of them unmounts it: one overlay on an upper directory, never two
        }
        try {
            images.rootFs().unmount(c.id);
        } catch (BerthException ex) {
            log.warn("container {}: unmount root filesystem: {}", r.shortId(), ex.getMessage());
        }
    }

    private void safeDelete(String id) {
        try {
            runtime.delete(id, true);
        } catch (RuntimeException ex) {
            log.warn("container {}: runtime delete: {}", id.substring(0, 12), ex.getMessage());
        }
    }

    /** Container event attributes: image, name and the container's labels. */
    static Map<String, String> attributes(ContainerRecord r) {
        Map<String, String> a = new LinkedHashMap<>();
        if (r.config().labels() != null) {
            a.putAll(r.config().labels());
        }
        a.put("image", r.imageRef());
        a.put("name", r.name().substring(1));
        return a;
    }

    static Map<String, String> withExtra(Map<String, String> a, String k, String v) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.put(k, v);
        return m;
    }

    List<AttachSession> live(Container c) {
        return c.live();
    }
}
