package dev.berth.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Test helper that remembers every mount a test makes and removes them all, newest first, in {@code close()}
 * (call it from {@code @AfterEach}), so a failing test leaves no mount behind in the host namespace.
 */
final class MountTracker implements AutoCloseable {
    private final Deque<Path> targets = new ArrayDeque<>();

    /** Records {@code target} (before mounting on it, so a half-done mount is cleaned too) and returns it. */
    Path track(Path target) {
        targets.push(target);
        return target;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        while (!targets.isEmpty()) {
            Path target = targets.pop();
            try {
                // Stacked mounts need one unmount each; MNT_DETACH so a busy mount cannot fail the cleanup.
                for (int i = 0; i < 16 && MountInfo.isMountPoint(target); i++) {
                    LinuxMount.unmount(target.toString(), LinuxMount.MNT_DETACH);
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
