package dev.berth.volume.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrashTest {

    @TempDir
    Path dir;

    private Trash trash;

    @AfterEach
    void close() {
        if (trash != null) {
            trash.close();
        }
    }

    private Path entry(String name) throws IOException {
        Path e = Files.createDirectories(dir.resolve(name).resolve("_data"));
        Files.writeString(e.resolve("f"), "x");
        return dir.resolve(name);
    }

    /** Polls (calling {@code tick} each time) until every path is gone, for at most 30 s. */
    private static void awaitDeleted(Runnable tick, Path... paths) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && java.util.Arrays.stream(paths).anyMatch(Files::exists)) {
            tick.run();
            Thread.sleep(10);
        }
    }

    @Test
    void collect_whileTheDriverIsBusy_waits_andDrainDeletesAtOnce() throws Exception {
        trash = new Trash(dir, 3_600_000, 3_600_000, 1_000);
        Path e = entry("v.1");
        trash.collect(e);
        trash.noteActivity();
        Thread.sleep(200);
        assertThat(e).exists();
        trash.drain();
        assertThat(e).doesNotExist();
    }

    @Test
    void collect_driverNeverQuiet_deletedAfterTheLongestDeferral() throws Exception {
        trash = new Trash(dir, 3_600_000, 100, 1_000);
        Path e = entry("v.2");
        trash.collect(e);
        awaitDeleted(trash::noteActivity, e);
        assertThat(e).doesNotExist();
    }

    @Test
    void collect_driverQuiet_deletedWithoutDrain() throws Exception {
        trash = new Trash(dir, 50, 3_600_000, 1_000);
        Path e = entry("v.3");
        trash.collect(e);
        awaitDeleted(() -> { }, e);
        assertThat(e).doesNotExist();
    }

    @Test
    void collect_moreWaitingThanTheBound_deletesDownToIt() throws Exception {
        trash = new Trash(dir, 3_600_000, 3_600_000, 1);
        Path first = entry("v.4");
        Path second = entry("v.5");
        Path third = entry("v.6");
        trash.collect(first);
        trash.collect(second);
        trash.collect(third);
        awaitDeleted(() -> { }, first, second);
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(third).exists();
        trash.drain();
        assertThat(third).doesNotExist();
    }

    @Test
    void deleteIfEmptyVolume_emptyVolume_deletedWithoutAWalk() throws Exception {
        Path e = Files.createDirectories(dir.resolve("v.7").resolve("_data")).getParent();
        assertThat(Trash.deleteIfEmptyVolume(e)).isTrue();
        assertThat(e).doesNotExist();
        assertThat(Trash.deleteIfEmptyVolume(e)).as("already gone").isTrue();
    }

    @Test
    void deleteIfEmptyVolume_withData_leavesItToTheWalk() throws Exception {
        Path withData = entry("v.8");
        assertThat(Trash.deleteIfEmptyVolume(withData)).isFalse();
        assertThat(withData.resolve("_data/f")).hasContent("x");

        Path withMore = Files.createDirectories(dir.resolve("v.9").resolve("_data")).getParent();
        Files.writeString(withMore.resolve("other"), "y");
        assertThat(Trash.deleteIfEmptyVolume(withMore)).isFalse();
        assertThat(withMore.resolve("other")).hasContent("y");
    }
}
