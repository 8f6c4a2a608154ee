package dev.berth.runtime;

import dev.berth.sys.FileSys;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real runtime for integration tests: a short state dir under /run, busybox bundles, a per-test cgroup parent,
 * and cleanup of every container, conmon, cgroup and directory it made, even when the test failed.
 */
final class RuntimeFixture implements AutoCloseable {

    static final Path RUNC = Path.of("/usr/sbin/runc");
    static final Path CONMON = Path.of("/usr/bin/conmon");
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);

    final Path stateDir;
    final Path work;
    final String cgroupParent;
    final ConmonRuntime runtime;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, LinkedBlockingQueue<ExitEvent>> exits = new ConcurrentHashMap<>();

    static void assumeRootWithRuntime() {
        Assumptions.assumeTrue(FileSys.geteuid() == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(CONMON) && Files.isExecutable(BUSYBOX),
                "needs runc, conmon and busybox");
    }

    RuntimeFixture() throws IOException {
        String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        stateDir = Path.of("/run/berth-it-" + tag);
        work = Files.createTempDirectory("berth-runtime-it");
        cgroupParent = "/berth-it-" + tag;
        runtime = ConmonRuntime.open(config(), this::exited);
    }

    RuntimeConfig config() {
        return new RuntimeConfig(stateDir, RUNC, CONMON, Duration.ofSeconds(60));
    }

    private void exited(ExitEvent e) {
        queue(e.id()).add(e);
    }

    private LinkedBlockingQueue<ExitEvent> queue(String id) {
        return exits.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    /** The exit the listener received for the container; fails if none arrives within a minute. */
    ExitEvent awaitExit(String id) throws InterruptedException {
        ExitEvent e = queue(id).poll(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no exit event for " + id);
        }
        return e;
    }

    static String newId() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A bundle with a busybox rootfs and a spec from Docker's defaults, adjusted by {@code spec}. */
    Path bundle(String id, List<String> args, UnaryOperator<OciSpec.Builder> spec) throws IOException {
        Path bundle = work.resolve(id.substring(0, 12));
        Path rootfs = bundle.resolve("rootfs");
        createRootfs(rootfs);
        OciSpec.Builder b = OciSpec.builder()
                .args(args)
                .env(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
                .rootfs(rootfs)
                .hostname(id.substring(0, 12))
                .cgroupsPath(cgroupParent + "/" + id);
        spec.apply(b).build().writeTo(bundle);
        return bundle;
    }

    Path logPath(String id) {
        return work.resolve(id.substring(0, 12) + ".log");
    }

    /** Creates the container (recording it for cleanup) with its log next to the bundle. */
    String create(List<String> args, UnaryOperator<OciSpec.Builder> spec, UnaryOperator<CreateOptions> options)
            throws IOException {
        String id = newId();
        Path bundle = bundle(id, args, spec);
        ids.add(id);
        runtime.create(id, bundle, options.apply(CreateOptions.logTo(logPath(id))));
        return id;
    }

    String create(List<String> args) throws IOException {
        return create(args, UnaryOperator.identity(), UnaryOperator.identity());
    }

    void track(String id) {
        ids.add(id);
    }

    String logText(String id) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        runtime.logs().read(logPath(id), LogQuery.all(), e -> sb.append(e.text()) != null, null);
        return sb.toString();
    }

    static void createRootfs(Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        String applets = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String applet : applets.split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
    }

    @Override
    public void close() throws IOException {
        for (String id : ids) {
            try {
                runtime.delete(id, true);
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + id + ": " + e.getMessage());
            }
            ConmonProcess.kill(new StateLayout(stateDir).conmonPidFile(id));
            try {
                Runc.capture(RUNC, "--root=" + stateDir.resolve("runc"), "delete", "--force", id);
            } catch (RuntimeException | IOException ignored) {
                // already gone
            }
        }
        runtime.close();
        removeCgroups();
        deleteTree(stateDir);
        deleteTree(work);
    }

    private void removeCgroups() throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path parent = h.resolve(cgroupParent.substring(1));
                if (!Files.isDirectory(parent)) {
                    continue;
                }
                try (var children = Files.list(parent)) {
                    for (Path c : children.filter(Files::isDirectory).toList()) {
                        Files.deleteIfExists(c);
                    }
                }
                Files.deleteIfExists(parent);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
