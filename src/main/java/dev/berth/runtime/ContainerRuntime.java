package dev.berth.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Runs containers from OCI bundles: the seam between the container service and the OCI runtime. Exits are
 * reported to the listener given when the runtime was opened, exactly once per run.
 * Thread-safe; calls for different containers proceed in parallel, the caller serialises calls for one container.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * Creates the container from {@code bundle} (its {@code config.json} and rootfs must exist) under a supervisor
     * that owns its stdio and log, and returns once the runtime has set it up, its process waiting to be started.
     * Returns the pid of that process (the container's pid 1 once started).
     *
     * @throws OciRuntimeException with the runtime's message when creation fails (bad mount, missing executable)
     */
    int create(String id, Path bundle, CreateOptions options);

    /** Starts the created container's process. */
    void start(String id);

    /**
     * Sends a signal to the container's init process.
     *
     * @throws ContainerNotRunningException if it is not running
     */
    void kill(String id, int signal);

    /**
     * Docker's stop: sends {@code signal}, waits up to {@code timeout} (negative: forever) for the container to
     * exit, then kills it with SIGKILL; returns the exit.
     */
    ExitEvent stop(String id, int signal, Duration timeout);

    /** The runtime's view of the container, or empty when the runtime does not know it. */
    Optional<RuntimeState> state(String id);

    /**
     * Removes the container from the runtime and forgets its exit; {@code force} kills a live one first. Needed
     * before an id is created again. Idempotent.
     */
    void delete(String id, boolean force);

    /** Resizes a TTY container's terminal. */
    void resize(String id, int height, int width);

    /**
     * Attaches to the container's stdio: output from now on goes to {@code output}, stdin (if the container was
     * created with it open) is written through the session. Attach before {@link #start} to miss nothing.
     *
     * @throws ContainerNotRunningException if the container's supervisor is gone
     */
    AttachSession attach(String id, AttachListener output);

    /**
     * After a daemon restart: what became of each container the daemon knows. Containers keep running without
     * the daemon; those that exited meanwhile report their exit code and time.
     */
    Map<String, Restored> restore(Collection<String> ids);

    /** The reader for the logs this runtime writes. */
    ContainerLogs logs();

    /** Stops watching for exits; containers keep running. */
    @Override
    void close();
}
