package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;
import dev.berth.sys.Spawn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts one conmon for a container and waits for its report on the create. conmon forks itself into the
 * background (its first process exits at once), runs {@code runc create}, and writes one JSON line to the fd
 * named by {@code _OCI_SYNCPIPE}: {@code {"data": <pid>}} or {@code {"data": -1, "message": "<runc's error>"}}.
 * Thread-safe.
 */
final class ConmonLauncher {

    private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*(-?\\d+)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"(.*)\"\\s*}", Pattern.DOTALL);

    private final RuntimeConfig config;
    private final StateLayout layout;
    private final Runc runc;

    ConmonLauncher(RuntimeConfig config, StateLayout layout, Runc runc) {
        this.config = config;
        this.layout = layout;
        this.runc = runc;
    }

    /** conmon's command line for this container. */
    List<String> argv(String id, Path bundle, CreateOptions o) {
        List<String> a = new ArrayList<>(List.of(config.conmon().toString(),
                "--api-version", "1",
                "-c", id, "-u", id, "-n", id,
                "-r", runc.binary().toString(),
                "-b", bundle.toString(),
                "-p", layout.containerPidFile(id).toString(),
                "--conmon-pidfile", layout.conmonPidFile(id).toString(),
                "--exit-dir", layout.exitDir().toString(),
                "--persist-dir", layout.containerDir(id).toString(),
                "--socket-dir-path", layout.socketDir().toString(),
                "-l", "k8s-file:" + o.logPath()));
        if (o.logSizeMax() > 0) {
            a.add("--log-size-max");
            a.add(Long.toString(o.logSizeMax()));
        }
        for (String arg : runc.globalArgs()) {
            a.add("--runtime-arg=" + arg);
        }
        a.add("--runtime-arg=--log=" + layout.runcLog(id));
        if (o.tty()) {
            a.add("-t");
        }
        if (o.openStdin()) {
            a.add("-i");
            if (!o.stdinOnce()) {
                a.add("--leave-stdin-open");
            }
        }
        return a;
    }

    /**
     * Launches conmon and returns the container's pid once {@code runc create} has succeeded.
     *
     * @throws OciRuntimeException with runc's (or conmon's) message when it did not
     */
    int launch(String id, Path bundle, CreateOptions o) throws IOException, InterruptedException {
        Files.createDirectories(layout.containerDir(id));
        Files.createDirectories(layout.socketDir());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("_OCI_SYNCPIPE", "3");
        // conmon reports on fd 3, which ProcessBuilder cannot hand a child; posix_spawn can, without a shell between.
        Spawn.Child child = Spawn.start(argv(id, bundle, o), env, layout.containerDir(id));
        CompletableFuture<String> report = CompletableFuture.supplyAsync(() -> firstLine(child.fd3()),
                r -> Thread.ofVirtual().start(r));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(child.stderr()),
                r -> Thread.ofVirtual().start(r));
        String line;
        try {
            line = report.get(config.createTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ConmonProcess.kill(layout.conmonPidFile(id));
            killQuietly(child.pid());
            child.waitFor(Duration.ofSeconds(30));
            child.fd3().close();
            throw new OciRuntimeException("create", "timed out after " + config.createTimeout()
                    + " waiting for the runtime to create the container");
        } catch (ExecutionException e) {
            throw new IOException("reading conmon's report", e.getCause());
        }
        // conmon's first process exits as soon as it has forked the monitor; reap it.
        OptionalInt exit = child.waitFor(Duration.ofSeconds(30));
        if (exit.isEmpty()) {
            killQuietly(child.pid());
            exit = child.waitFor(Duration.ofSeconds(5));
        }
        if (line == null) {
            String err = stderr.completeOnTimeout("", 5, TimeUnit.SECONDS).join().strip();
            if (exit.orElse(0) != 0 && !err.isEmpty()) {
                throw new OciRuntimeException("create", err);
            }
            throw new OciRuntimeException("create", runcLogError(id)
                    .orElse("conmon exited without reporting the container's creation"));
        }
        return parseReport(line);
    }

    /** The pid from conmon's report, or the failure it carries as an exception. */
    static int parseReport(String line) {
        int data;
        String message = null;
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            data = n.path("data").asInt(-1);
            if (n.hasNonNull("message")) {
                message = n.get("message").asText();
            }
        } catch (IOException e) {
            // Older conmons do not escape every control character; fall back to the two fields we need.
            Matcher d = DATA.matcher(line);
            data = d.find() ? Integer.parseInt(d.group(1)) : -1;
            Matcher m = MESSAGE.matcher(line);
            message = m.find() ? m.group(1) : line;
        }
        if (data > 0) {
            return data;
        }
        throw new OciRuntimeException("create", message == null || message.isBlank()
                ? "the runtime failed to create the container" : message.strip());
    }

    private Optional<String> runcLogError(String id) {
        try {
            String msg = Runc.errorMessage(Files.readString(layout.runcLog(id)));
            return msg.isEmpty() ? Optional.empty() : Optional.of(msg);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void killQuietly(int pid) {
        try {
            FileSys.kill(pid, FileSys.SIGKILL);
        } catch (ErrnoException e) {
            // exited meanwhile
        }
    }

    private static String firstLine(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
