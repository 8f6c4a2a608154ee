package dev.berth.it;

import dev.berth.daemon.Daemon;
import dev.berth.daemon.DaemonConfig;
import dev.berth.cli.ApiClient;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A berth daemon for integration tests, on its own temporary socket, data root and exec root; either in this JVM
 * (services reachable, e.g. to take volume references) or as a separate process (for kill -9). {@link #close}
 * stops it and removes every mount and file it made.
 */
public final class TestDaemon implements AutoCloseable {

    private final Path base;
    private final DaemonConfig config;
    private Daemon inProcess;
    private Process process;

    private TestDaemon(Path base) {
        this.base = base;
        // Its own plugin directory: volume plugins on this host (/run/docker/plugins) are not the test's.
        this.config = new DaemonConfig(base.resolve("root"), base.resolve("b.sock"), base.resolve("run"),
                System.getProperty("berth.it.logLevel", "info"), base.resolve("plugins"));
    }

    private static Path newBase() {
        try {
            // Short on purpose: conmon's attach socket lives under <base>/run/sock/<64-hex id>/attach and a
            // unix socket path must fit in 107 bytes.
            RandomGenerator random = ThreadLocalRandom.current();
            for (int attempt = 0; ; attempt++) {
                Path p = Path.of("/tmp", "b-" + Long.toString(random.nextLong(1L << 30, 1L << 35), 36));
                try {
                    return Files.createDirectory(p);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A daemon running inside the test JVM. */
    public static TestDaemon inProcess() {
        TestDaemon d = new TestDaemon(newBase());
        d.inProcess = Daemon.start(d.config);
        return d;
    }

    /** A daemon running as its own process, from the packaged jar. */
    public static TestDaemon subprocess() {
        TestDaemon d = new TestDaemon(newBase());
        d.startProcess();
        return d;
    }

    public void startProcess() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the daemon process is already running (subprocess() starts it)");
        }
        String jar = System.getProperty("berth.jar", "target/berth.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", jar,
                "dev.berth.daemon.Berthd", "--data-root", config.dataRoot().toString(),
                "--host", "unix://" + config.socket(), "--exec-root", config.execRoot().toString(),
                "--log-level", "info", "--plugin-dir", config.pluginDir().toString());
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("daemon.log").toFile())).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        awaitReady(Duration.ofSeconds(60));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("daemon exited: " + log());
            }
            try (ApiClient c = client()) {
                if (c.get("/_ping").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            sleep(50);
        }
        throw new AssertionError("daemon did not come up: " + log());
    }

    /** kill -9 of the daemon process. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void stopProcess() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public Daemon daemon() {
        return inProcess;
    }

    public DaemonConfig config() {
        return config;
    }

    public Path socket() {
        return config.socket();
    }

    public Path dataRoot() {
        return config.dataRoot();
    }

    public String host() {
        return "unix://" + config.socket();
    }

    public ApiClient client() {
        return new ApiClient(config.socket(), null);
    }

    public ApiClient client(String version) {
        return new ApiClient(config.socket(), version);
    }

    /** Runs the stock docker CLI against this daemon. */
    public Proc.Result docker(String... args) {
        return dockerWith(Map.of(), null, args);
    }

    /** Runs the stock docker CLI and fails the test, with the daemon's log, unless it exits 0. */
    public Proc.Result dockerOk(String... args) {
        Proc.Result r = docker(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r + "\n--- daemon log\n" + log());
        }
        return r;
    }

    public Proc.Result dockerWith(Map<String, String> env, byte[] stdin, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("DOCKER_HOST", host());
        e.put("DOCKER_CONFIG", base.resolve("docker-config").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return Proc.run(e, stdin, 120, cmd);
    }

    /** Runs berth's own CLI (the packaged jar) against this daemon. */
    public Proc.Result berth(String... args) {
        return berthWith(Map.of(), new byte[0], args);
    }

    /** Runs berth's CLI with extra environment and the given stdin. */
    public Proc.Result berthWith(Map<String, String> env, byte[] stdin, String... args) {
        String jar = System.getProperty("berth.jar", "target/berth.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", jar,
                "dev.berth.cli.BerthCli", "-H", host()));
        cmd.addAll(List.of(args));
        return Proc.run(env, stdin, 120, cmd);
    }

    public String log() {
        try {
            Path f = base.resolve("daemon.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
        }
        if (process != null) {
            stopProcess();
        }
        unmountUnder(base);
        deleteTree(base);
    }

    /** Unmounts (lazily, deepest first) everything mounted under {@code dir}. */
    public static void unmountUnder(Path dir) {
        try {
            List<String> points = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mp = line.split(" ")[4].replace("\\040", " ");
                if (mp.startsWith(dir.toString() + "/")) {
                    points.add(mp);
                }
            }
            points.sort(Comparator.comparingInt(String::length).reversed());
            for (String p : points) {
                Proc.run("umount", "-l", p);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: files may vanish while the tree is walked
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
