package dev.berth.sys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helper: skips a test unless it runs as root (the real-syscall tests mount, mknod and chown). */
final class RootRequired {
    private RootRequired() {
    }

    static void assumeRoot() {
        assumeTrue(FileSys.geteuid() == 0, "needs root");
    }
}
