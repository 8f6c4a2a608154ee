package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.NotFoundException;
import dev.berth.json.Json;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The runc command line for one runc root: start, kill, state and delete (create is conmon's). Errors come back as
 * {@link OciRuntimeException} carrying runc's own message. Thread-safe; every call is a short-lived runc process.
 */
final class Runc {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final Path root;

    Runc(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path binary() {
        return binary;
    }

    Path root() {
        return root;
    }

    /** The global arguments conmon must pass to runc so that it uses the same root and error format. */
    List<String> globalArgs() {
        return List.of("--root=" + root, "--log-format=json");
    }

    void start(String id) {
        run("start", id);
    }

    /**
     * Starts a created container the way {@code runc start} does, without a runc process: runc's init waits to open
     * {@code <root>/<id>/exec.fifo} for writing, writes one byte and execs the container's process (closing the
     * fifo); the reader that sees the byte and then end of file removes the fifo, which marks the container as
     * running. Should the init die before that, or the fifo be missing, {@code runc start} itself runs, so the
     * error is runc's.
     *
     * @param initPid the pid of the container's init (its pid file), to notice if it died while waiting
     */
    void start(String id, int initPid) {
        Path fifo = root.resolve(id).resolve("exec.fifo");
        if (initPid <= 0 || !java.nio.file.Files.exists(fifo)) {
            start(id);
            return;
        }
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        // A platform thread: opening and reading a fifo may block in the kernel, which would pin a virtual thread's
        // carrier (see ConmonAttach).
        Thread.ofPlatform().daemon().name("runc-start-" + id).start(() -> {
            try (InputStream in = new java.io.FileInputStream(fifo.toFile())) {
                read.complete(in.readAllBytes());
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        byte[] data = null;
        try {
            while (data == null) {
                try {
                    data = read.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (!isLive(initPid)) {
                        release(fifo);
                        data = read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                }
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            data = new byte[0];
        } catch (InterruptedException e) {
            release(fifo);
            Thread.currentThread().interrupt();
            throw new OciRuntimeException("start", "interrupted");
        }
        if (data.length == 0) {
            start(id); // runc says why: already started, stopped, or gone
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + fifo, e);
        }
    }

    /** Lets a reader blocked opening the fifo go (it then reads end of file); no-op without a reader. */
    private static void release(Path fifo) {
        try (dev.berth.sys.Fd w = dev.berth.sys.Fd.open(fifo,
                dev.berth.sys.Fd.O_WRONLY | dev.berth.sys.Fd.O_NONBLOCK, 0)) {
            // opened only to wake the reader
        } catch (dev.berth.sys.ErrnoException e) {
            // ENXIO: no reader waiting any more; ENOENT: removed
        }
    }

    /** Whether {@code pid} exists and is not a zombie. */
    private static boolean isLive(int pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && "ZX".indexOf(stat.charAt(close + 2)) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    void kill(String id, int signal) {
        try {
            run("kill", id, Integer.toString(signal));
        } catch (OciRuntimeException e) {
            if (e.runtimeMessage().contains("not running") || e.runtimeMessage().contains("process already finished")) {
                throw new ContainerNotRunningException(id);
            }
            throw e;
        } catch (NotFoundException e) {
            // runc's state is gone (a delete of the exited container ran): it is not running either way.
            throw new ContainerNotRunningException(id);
        }
    }

    void delete(String id, boolean force) {
        if (force) {
            run("delete", "--force", id);
        } else {
            run("delete", id);
        }
    }

    /**
     * Whether runc has state for the container: runc keeps it in {@code <root>/<id>/} and answers "container does
     * not exist" to every command when that directory is missing. Saves a runc process where the answer is no.
     */
    boolean knows(String id) {
        return java.nio.file.Files.isDirectory(root.resolve(id));
    }

    /** runc's view of the container, or empty when runc does not know it. */
    Optional<RuntimeState> state(String id) {
        String json;
        try {
            json = run("state", id);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return Optional.of(new RuntimeState(RuntimeState.Status.fromRunc(n.path("status").asText()),
                    n.path("pid").asInt()));
        } catch (IOException e) {
            throw new OciRuntimeException("state", "cannot parse runc state: " + json);
        }
    }

    private String run(String... args) {
        List<String> argv = new ArrayList<>(globalArgs());
        argv.addAll(List.of(args));
        try {
            return capture(binary, argv.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (OciRuntimeException e) {
            if (e.runtimeMessage().equals("container does not exist")) {
                throw new NotFoundException("no such container in runtime: " + args[args.length - 1]);
            }
            throw new OciRuntimeException(args[0], e.runtimeMessage());
        }
    }

    /** Runs the runtime with {@code args} and returns its stdout; a non-zero exit becomes an exception. */
    static String capture(Path binary, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(List.of(args));
        java.lang.Process p = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()),
                r -> Thread.ofVirtual().start(r));
        byte[] out = readAll(p.getInputStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new OciRuntimeException(args[0], binary + " " + String.join(" ", args) + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OciRuntimeException(args[0], "interrupted");
        }
        if (p.exitValue() != 0) {
            throw new OciRuntimeException(args[0], errorMessage(new String(err.join(), StandardCharsets.UTF_8)));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The last {@code "level":"error"} message of runc's JSON log lines, or the raw text when there is none. */
    static String errorMessage(String stderr) {
        String message = null;
        for (String line : stderr.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if ("error".equals(n.path("level").asText()) || "fatal".equals(n.path("level").asText())) {
                    message = n.path("msg").asText();
                }
            } catch (IOException ignored) {
                // not one of runc's log lines; the raw text is used below
            }
        }
        return message != null ? message : stderr.strip();
    }
}
