package dev.berth.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges Docker's default mounts with a container's own mounts the way moby's {@code withMounts} does
 * (docker-storage-semantics.md §4.4, §4.6). Stateless.
 */
final class SpecMounts {

    /** Default mounts that stay writable on a read-only rootfs. */
    private static final Set<String> WRITABLE_ON_READONLY_ROOTFS =
            Set.of("/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev");

    private SpecMounts() {
    }

    /**
     * The defaults first, minus any a user mount replaces (same destination) and minus everything under
     * {@code /dev/} when the user mounts {@code /dev} itself; then the user mounts in the caller's order, which must
     * already be sorted parents-first. A read-only rootfs makes the kept defaults read-only, except those a
     * container needs to write ({@code /proc}, {@code /dev} and its IPC/tty mounts).
     */
    static List<OciSpec.Mount> merge(List<OciSpec.Mount> defaults, List<OciSpec.Mount> user, boolean readonlyRootfs) {
        Set<String> userDestinations = new HashSet<>();
        for (OciSpec.Mount m : user) {
            userDestinations.add(m.destination());
        }
        boolean userDev = userDestinations.contains("/dev");
        List<OciSpec.Mount> merged = new ArrayList<>();
        for (OciSpec.Mount m : defaults) {
            if (userDestinations.contains(m.destination()) || userDev && m.destination().startsWith("/dev/")) {
                continue;
            }
            if (readonlyRootfs && !WRITABLE_ON_READONLY_ROOTFS.contains(m.destination())
                    && !m.options().contains("ro")) {
                m = m.withOption("ro");
            }
            merged.add(m);
        }
        merged.addAll(user);
        return merged;
    }
}
