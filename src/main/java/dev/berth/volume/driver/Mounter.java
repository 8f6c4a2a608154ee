package dev.berth.volume.driver;

import java.nio.file.Path;

/** The host operations a local volume with options needs: mount, unmount, quota. A seam for tests. Thread-safe. */
interface Mounter {

    /** Mounts the volume's device on {@code target}; the message of a failure is Docker's, passwords masked. */
    void mount(LocalOptions options, String target);

    void unmount(String target);

    /** True when {@code target} is a mount point now (after a daemon restart, say). */
    boolean isMounted(String target);

    /** Whether the volumes directory's filesystem supports project quotas (the {@code size} option). */
    boolean quotaSupported();

    /** Limits the directory to {@code bytes}. */
    void applyQuota(Path dir, long bytes);
}
