package dev.berth.mount;

import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The volume layout of TestRunMountVolumeSubdir and moby's safepath tests, and mount cleanup. */
final class SafePathFixtures {
    private SafePathFixtures() {
    }

    /** Builds {@code <tmp>/volume/_data} with good and bad symlinks and returns it. */
    static Path volume(Path tmp) throws IOException {
        Path base = Files.createDirectories(tmp.resolve("volume/_data"));
        Files.createDirectories(base.resolve("subdir"));
        Files.writeString(base.resolve("subdir/hello.txt"), "world");
        Files.writeString(base.resolve("foo"), "bar");
        Files.createDirectories(base.resolve("hack"));
        Files.createSymbolicLink(base.resolve("hack/good"), Path.of("../subdir"));
        Files.createSymbolicLink(base.resolve("hack/bad"), Path.of("/"));
        Files.createSymbolicLink(base.resolve("hack/chain1"), Path.of("chain2"));
        Files.createSymbolicLink(base.resolve("hack/chain2"), Path.of("../../.."));
        Files.createSymbolicLink(base.resolve("hack/dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(base.resolve("abs-inside"), base.resolve("subdir"));
        Files.createSymbolicLink(base.resolve("foo-link"), Path.of("foo"));
        Files.createSymbolicLink(base.resolve("escape-etc"), Path.of("/etc/passwd"));
        Files.createDirectories(tmp.resolve("outside/inner"));
        Files.writeString(tmp.resolve("outside/inner/secret"), "outside");
        return base;
    }

    /** Detaches every mount below {@code dir}, deepest first, whatever a failed test left behind. */
    static void detachAllBelow(Path dir) throws IOException {
        String prefix = dir.toString() + "/";
        List<String> targets = MountInfo.read().stream().map(MountInfo.Entry::mountPoint)
                .filter(m -> m.startsWith(prefix)).sorted(Comparator.reverseOrder()).toList();
        for (String target : targets) {
            LinuxMount.unmount(target, LinuxMount.MNT_DETACH);
        }
    }
}
