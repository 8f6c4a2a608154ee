package dev.berth.mount;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of {@link CopyUp} against {@code cp -a} on the same disk: not a unit test, run by hand as root with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.berth.mount.CopyUpBench <scratch dir> [runs]
 * [workers...]}. Builds a 10,000-file, ~200 MB tree (mostly small files, a few big ones, nested directories,
 * symlinks), then alternates {@code cp -a} and copy-ups with each worker count into fresh directories,
 * syncing before each run
 * (the source stays in the page cache, as an image layer being copied would), and prints the median seconds
 * and MB/s of each.
 */
public final class CopyUpBench {
    private static final int FILES = 10_000;
    private static final long TOTAL_BYTES = 200L * 1000 * 1000;

    private CopyUpBench() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(args.length > 0 ? args[0] : "/var/tmp/copyup-bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] workers = args.length > 2
                ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {0, 1, 2};
        Path rootfs = scratch.resolve("rootfs");
        Path source = rootfs.resolve("data");
        long[] tree = Files.isDirectory(source) ? measure(source) : build(source);
        System.out.printf("tree: %d files, %d bytes, %s on %s%n", tree[0], tree[1], source,
                Files.getFileStore(scratch));
        List<List<double[]>> times = new ArrayList<>();
        for (int i = 0; i <= workers.length; i++) {
            times.add(new ArrayList<>());
        }
        Path cpu = scratch.resolve("cp-cpu");
        Path targets = scratch.resolve("targets");
        sh("rm", "-rf", targets.toString());
        Files.createDirectory(targets);
        for (int run = 0; run < runs + 1; run++) {
            Path target = targets.resolve("cp-" + run);
            times.get(0).add(timed(run, "cp -a", () -> {
                sh("/usr/bin/time", "-o", cpu.toString(), "-f", "%U %S", "cp", "-a", source.toString(),
                        target.toString());
                return Arrays.stream(Files.readString(cpu).trim().split(" ")).mapToDouble(Double::parseDouble)
                        .sum();
            }, target));
            for (int w = 0; w < workers.length; w++) {
                int n = workers[w];
                Path copyTarget = targets.resolve("copyup-" + n + "-" + run);
                times.get(w + 1).add(timed(run, "CopyUp workers=" + n, () -> {
                    long cpu0 = processCpuNanos();
                    Files.createDirectory(copyTarget);
                    CopyUp.copyIfEmpty(rootfs, "/data", copyTarget, n);
                    return (processCpuNanos() - cpu0) / 1e9;
                }, copyTarget));
            }
        }
        sh("rm", "-rf", targets.toString());
        report("cp -a", times.get(0), tree[1]);
        for (int w = 0; w < workers.length; w++) {
            report("CopyUp workers=" + workers[w], times.get(w + 1), tree[1]);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Returns the CPU seconds (user + system) the step used. */
    private interface Step {
        double run() throws Exception;
    }

    /** Returns {wall seconds, CPU seconds}; run 0 is a warm-up, printed but not counted. */
    private static double[] timed(int run, String what, Step step, Path target) throws Exception {
        // Fresh targets, no rm between runs: freeing the page cache of a deleted copy made the next run on this
        // VM pay several seconds of extra system time, whoever ran it.
        sh("sync");
        long t0 = System.nanoTime();
        double cpu = step.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  run %d %-20s wall %.3f s, cpu %.3f s%n", run, what, seconds, cpu);
        return run == 0 ? null : new double[] {seconds, cpu};
    }

    private static void report(String what, List<double[]> runs, long bytes) {
        double[] wall = runs.stream().filter(r -> r != null).mapToDouble(r -> r[0]).sorted().toArray();
        double[] cpu = runs.stream().filter(r -> r != null).mapToDouble(r -> r[1]).sorted().toArray();
        double median = wall[wall.length / 2];
        System.out.printf("%-20s wall median %.3f s (%.0f MB/s), min %.3f s; cpu median %.3f s%n", what, median,
                bytes / median / 1e6, wall[0], cpu[cpu.length / 2]);
    }

    private static long[] build(Path source) throws IOException {
        Random random = new Random(42);
        int big = 50;
        long bigSize = (TOTAL_BYTES * 6 / 10) / big;
        long smallBudget = TOTAL_BYTES - big * bigSize;
        long smallMean = smallBudget / (FILES - big);
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int i = 0; i < FILES; i++) {
            Path dir = source.resolve("d" + (i % 20)).resolve("e" + (i % 100 / 20));
            Files.createDirectories(dir);
            long size = i < big ? bigSize : 1 + random.nextLong(2 * smallMean);
            try (OutputStream out = Files.newOutputStream(dir.resolve("f" + i))) {
                for (long left = size; left > 0; left -= chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(left, chunk.length));
                }
            }
            total += size;
            if (i % 100 == 0) {
                Files.createSymbolicLink(dir.resolve("l" + i), Path.of("f" + i));
            }
        }
        return new long[] {FILES, total};
    }

    private static long[] measure(Path source) throws IOException {
        try (var files = Files.walk(source)) {
            long[] result = new long[2];
            files.filter(Files::isRegularFile).forEach(p -> {
                result[0]++;
                result[1] += p.toFile().length();
            });
            return result;
        }
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
