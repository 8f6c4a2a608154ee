package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TreesTest {

    @TempDir
    Path tmp;

    private final MountTracker mounts = new MountTracker();

    @AfterEach
    void unmount() throws IOException {
        mounts.close();
    }

    @Test
    void deletesATreeWithoutFollowingSymlinks() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "data");
        Path root = Files.createDirectories(tmp.resolve("root/a/b"));
        Files.writeString(root.resolve("file"), "x");
        Files.createSymbolicLink(tmp.resolve("root/a/to-outside"), outside);
        Files.createSymbolicLink(tmp.resolve("root/dangling"), tmp.resolve("nowhere"));
        Files.createLink(tmp.resolve("root/a/hardlink"), outside.resolve("keep"));

        Trees.deleteRecursively(tmp.resolve("root"));

        assertThat(tmp.resolve("root")).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("data");
    }

    @Test
    void aMissingRootIsNotAnError() throws IOException {
        Trees.deleteRecursively(tmp.resolve("missing"));
        assertThat(tmp.resolve("missing")).doesNotExist();
    }

    @Test
    void aFileOrSymlinkRootIsDeletedItself() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("keep"), "data");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        Path file = Files.writeString(tmp.resolve("file"), "x");

        Trees.deleteRecursively(link);
        Trees.deleteRecursively(file);

        assertThat(link).doesNotExist();
        assertThat(file).doesNotExist();
        assertThat(target.resolve("keep")).hasContent("data");
    }

    @Test
    void stopEndsTheWalkAndLeavesTheRestInPlace() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (int i = 0; i < 10; i++) {
            Files.writeString(root.resolve("f" + i), "x");
        }
        AtomicInteger asked = new AtomicInteger();

        // The root's own visit and three files: then stop.
        Trees.deleteRecursively(root, () -> asked.incrementAndGet() > 4);

        assertThat(root).isDirectory();
        try (var left = Files.list(root)) {
            assertThat(left.count()).isEqualTo(7);
        }
        Trees.deleteRecursively(root);
        assertThat(root).doesNotExist();
    }

    @Test
    void refusesToDeleteAcrossAMountPoint() throws IOException {
        assumeTrue(FileSys.geteuid() == 0, "needs root to mount");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path mountPoint = mounts.track(Files.createDirectories(root.resolve("sub/mnt")));
        LinuxMount.mount("tmpfs", mountPoint.toString(), "tmpfs", 0, null);
        Files.writeString(mountPoint.resolve("other-fs-data"), "precious");

        assertThatThrownBy(() -> Trees.deleteRecursively(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to delete across a mount point")
                .hasMessageContaining(mountPoint.toString());

        assertThat(mountPoint.resolve("other-fs-data")).hasContent("precious");
    }
}
