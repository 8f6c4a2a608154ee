package dev.berth.volume;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class UsageCacheTest {

    @TempDir
    Path tmp;
    private UsageCache cache;
    private Path a;
    private Path b;

    @BeforeEach
    void setUp() throws IOException {
        cache = new UsageCache();
        a = Files.createDirectories(tmp.resolve("a"));
        b = Files.createDirectories(tmp.resolve("b"));
        Files.write(a.resolve("f"), new byte[100]);
        Files.write(b.resolve("f"), new byte[10]);
    }

    @AfterEach
    void tearDown() {
        cache.close();
    }

    private long size(String name, Path dir) {
        cache.refresh();
        return cache.size(name, dir);
    }

    @Test
    void sizeIsCachedUntilSomethingInTheTreeChanges() throws IOException {
        assertThat(size("a", a)).isEqualTo(100);
        assertThat(cache.cached("a")).isEqualTo(100);
        Files.write(a.resolve("f"), new byte[7], StandardOpenOption.APPEND);
        cache.refresh();
        assertThat(cache.cached("a")).isNull();
        assertThat(size("a", a)).isEqualTo(107);
        assertThat(size("b", b)).isEqualTo(10);
    }

    @Test
    void filesInNewSubdirectoriesAndDeletionsCount() throws IOException {
        assertThat(size("a", a)).isEqualTo(100);
        Path deep = Files.createDirectories(a.resolve("x/y"));
        assertThat(size("a", a)).isEqualTo(100);
        Files.write(deep.resolve("g"), new byte[50]);
        assertThat(size("a", a)).isEqualTo(150);
        Files.write(deep.resolve("g"), new byte[3], StandardOpenOption.APPEND);
        assertThat(size("a", a)).isEqualTo(153);
        Files.delete(a.resolve("f"));
        assertThat(size("a", a)).isEqualTo(53);
    }

    @Test
    void aDirectoryMovedToAnotherVolumeCountsThereAndItsChangesToo() throws IOException {
        Path sub = Files.createDirectories(a.resolve("sub"));
        Files.write(sub.resolve("g"), new byte[20]);
        assertThat(size("a", a)).isEqualTo(120);
        assertThat(size("b", b)).isEqualTo(10);
        Path moved = Files.move(sub, b.resolve("sub"));
        assertThat(size("a", a)).isEqualTo(100);
        assertThat(size("b", b)).isEqualTo(30);
        Files.write(moved.resolve("g"), new byte[5], StandardOpenOption.APPEND);
        assertThat(size("b", b)).isEqualTo(35);
        assertThat(size("a", a)).isEqualTo(100);
    }

    @Test
    void invalidateAndForgetDropTheCachedSize() {
        assertThat(size("a", a)).isEqualTo(100);
        cache.invalidate("a");
        assertThat(cache.cached("a")).isNull();
        assertThat(size("a", a)).isEqualTo(100);
        cache.forget("a");
        assertThat(cache.cached("a")).isNull();
    }

    @Test
    void aFileHardLinkedOutsideTheVolume_notCached_writesThroughTheLinkCount() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path link = Files.createLink(outside.resolve("f-link"), a.resolve("f"));
        assertThat(size("a", a)).isEqualTo(100);
        assertThat(cache.cached("a")).isNull();
        // The volume's watches never see this write: it goes through another directory's entry.
        Files.write(link, new byte[5 << 20], StandardOpenOption.APPEND);
        assertThat(size("a", a)).isEqualTo(100 + (5 << 20));
        Files.write(link, new byte[1], StandardOpenOption.APPEND);
        assertThat(size("a", a)).isEqualTo(100 + (5 << 20) + 1);
        assertThat(size("b", b)).isEqualTo(10);
        assertThat(cache.cached("b")).isEqualTo(10);

        // Once the last other link is gone the volume is cached again (after one walk that watches it).
        Files.delete(link);
        assertThat(size("a", a)).isEqualTo(100 + (5 << 20) + 1);
        assertThat(size("a", a)).isEqualTo(100 + (5 << 20) + 1);
        assertThat(cache.cached("a")).isEqualTo(100 + (5 << 20) + 1);
        Files.write(a.resolve("f"), new byte[2], StandardOpenOption.APPEND);
        assertThat(size("a", a)).isEqualTo(100 + (5 << 20) + 3);
    }

    @Test
    void aFileLinkedTwiceInsideTheVolume_notCachedEither() throws IOException {
        Files.createLink(a.resolve("g"), a.resolve("f"));
        assertThat(size("a", a)).isEqualTo(100);
        assertThat(cache.cached("a")).isNull();
        cache.forget("a");
        Files.delete(a.resolve("g"));
        assertThat(size("a", a)).isEqualTo(100);
        assertThat(cache.cached("a")).isEqualTo(100);
    }
}
