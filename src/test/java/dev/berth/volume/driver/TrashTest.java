package dev.berth.volume.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrashTest {

    @TempDir
    Path dir;

    private Path entry(String name) throws IOException {
        Path e = Files.createDirectories(dir.resolve(name).resolve("_data"));
        Files.writeString(e.resolve("f"), "x");
        return dir.resolve(name);
    }

    @Test
    void collect_whileTheDriverIsBusy_waits_andDrainDeletesAtOnce() throws Exception {
        Trash trash = new Trash(dir, 3_600_000, 3_600_000, 1_000);
        try {
            Path e = entry("v.1");
            trash.collect(e);
            trash.noteActivity();
            Thread.sleep(200);
            assertThat(e).exists();
            trash.drain();
            assertThat(e).doesNotExist();
        } finally {
            trash.close();
        }
    }

    @Test
    void collect_driverNeverQuiet_deletedAfterTheLongestDeferral() throws Exception {
        Trash trash = new Trash(dir, 3_600_000, 100, 1_000);
        try {
            Path e = entry("v.2");
            trash.collect(e);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.exists(e) && System.nanoTime() < deadline) {
                trash.noteActivity();
                Thread.sleep(10);
            }
            assertThat(e).doesNotExist();
        } finally {
            trash.close();
        }
    }

    @Test
    void collect_driverQuiet_deletedWithoutDrain() throws Exception {
        Trash trash = new Trash(dir, 50, 3_600_000, 1_000);
        try {
            Path e = entry("v.3");
            trash.collect(e);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.exists(e) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(e).doesNotExist();
        } finally {
            trash.close();
        }
    }

    @Test
    void collect_moreWaitingThanTheBound_deletesDownToIt() throws Exception {
        Trash trash = new Trash(dir, 3_600_000, 3_600_000, 1);
        try {
            Path first = entry("v.4");
            Path second = entry("v.5");
            Path third = entry("v.6");
            trash.collect(first);
            trash.collect(second);
            trash.collect(third);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((Files.exists(first) || Files.exists(second)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(first).doesNotExist();
            assertThat(second).doesNotExist();
            assertThat(third).exists();
            trash.drain();
            assertThat(third).doesNotExist();
        } finally {
            trash.close();
        }
    }
}
