package dev.berth.container;

import dev.berth.archive.FsView;
import dev.berth.errors.BerthException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.EventSink;
import dev.berth.mount.MountPoint;
import dev.berth.mount.MountType;
import dev.berth.mount.OciMount;
import dev.berth.mount.OciMountOptions;
import dev.berth.mount.Propagation;
import dev.berth.mount.RroSupport;
import dev.berth.mount.SafePath;
import dev.berth.runtime.OciSpec;
import dev.berth.sys.MountInfo;
import dev.berth.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container's mounts at start and stop: mounts its volumes through the volume service (one mount id per mount
 * point), binds volume subpaths race-free, creates missing {@code -v} bind sources, checks bind propagation
 * against the host, adds the network files, and turns it all into OCI mounts in mounting order. Thread-safe.
 */
final class RunMounts {

    private static final Logger log = LoggerFactory.getLogger(RunMounts.class);
    private static final Set<String> NETWORK_FILES = Set.of("/etc/resolv.conf", "/etc/hostname", "/etc/hosts");

    private final VolumeService volumes;
    private final EventSink events;
    private final RroSupport rro;
    private final Path scratch;

    RunMounts(VolumeService volumes, EventSink events, RroSupport rro, Path scratch) {
        this.volumes = volumes;
        this.events = events;
        this.rro = rro;
        this.scratch = scratch;
    }

    /** The OCI mounts of a starting container, and what to clean up once it runs. */
    record Active(List<OciSpec.Mount> mounts, String rootfsPropagation, List<AutoCloseable> afterStart) {
    }

    /**
     * Mounts everything for {@code r}. On failure, volumes mounted so far are unmounted again.
     *
     * @param networkFiles host paths of the container's resolv.conf, hostname and hosts files
     */
    Active mount(ContainerRecord r, Map<String, Path> networkFiles) {
        List<MountPoint> points = new ArrayList<>();
        List<StoredMount> mountedVolumes = new ArrayList<>();
        List<AutoCloseable> safePaths = new ArrayList<>();
        String rootfsPropagation = "";
        try {
            for (StoredMount m : r.mounts()) {
                MountPoint p = m.toMountPoint();
                if (p.type() == MountType.VOLUME) {
                    String source = mountVolume(r, p, m.mountId(), () -> mountedVolumes.add(m), safePaths);
                    p = p.toBuilder().source(source).build();
                } else if (p.type() == MountType.BIND) {
                    ensureBindSource(p);
                    p = checkPropagation(p);
                    if (p.propagation() != null) {
                        rootfsPropagation = OciMountOptions.rootfsPropagation(rootfsPropagation, p.propagation());
                    }
                }
                points.add(p);
            }
            List<OciSpec.Mount> out = new ArrayList<>();
            Set<String> taken = new java.util.HashSet<>(r.tmpfs().keySet());
            for (OciMount m : OciMountOptions.build(points, r.tmpfs(), rro)) {
                out.add(new OciSpec.Mount(m.destination(), m.type(), m.source(), m.options()));
                taken.add(m.destination());
            }
            for (Map.Entry<String, Path> f : networkFiles.entrySet()) {
                if (!taken.contains(f.getKey()) && NETWORK_FILES.contains(f.getKey())) {
                    out.add(new OciSpec.Mount(f.getKey(), "bind", f.getValue().toString(),
                            List.of("rbind", "rprivate")));
                }
            }
            return new Active(out, rootfsPropagation, safePaths);
        } catch (RuntimeException e) {
            closeAll(safePaths);
            for (StoredMount m : mountedVolumes) {
                unmountOne(r.id(), m);
            }
            throw e;
        }
    }

    /** The mounts of a {@link FsView}, and what undoes them (volumes unmounted, subpath binds closed). */
    record ViewMounts(List<FsView.ViewMount> mounts, List<AutoCloseable> cleanup) {
    }

    /**
     * The container's volumes and binds for a temporary view of its filesystem ({@code docker cp}), as Docker
     * sets them up for its own view: each volume mounted under a mount id of its own (and its mount and unmount
     * events published), subpaths bound race-free; tmpfs mounts and those a tmpfs shadows are left out. The network
     * files in {@code networkDir} (written at the first start) are there too, where no mount covers them, writable
     * unless the root filesystem is read-only, as Docker's network mounts.
     */
    ViewMounts forView(ContainerRecord r, String mountId, Path networkDir) {
        List<FsView.ViewMount> out = new ArrayList<>();
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            for (StoredMount m : r.mounts()) {
                MountPoint p = m.toMountPoint();
                if (r.tmpfs().containsKey(p.destination())
                        || (p.type() != MountType.VOLUME && p.type() != MountType.BIND)) {
                    continue;
                }
                String source = p.type() != MountType.VOLUME ? p.source() : mountVolume(r, p, mountId,
                        () -> cleanup.add(() -> unmountOne(r.id(), new MountRef(p.name(), mountId, p.driver()))),
                        cleanup);
                out.add(new FsView.ViewMount(p.destination(), Path.of(source), p.rw(),
                        p.type() == MountType.VOLUME));
            }
            Set<String> taken = new java.util.HashSet<>(r.tmpfs().keySet());
            r.mounts().forEach(m -> taken.add(m.destination()));
            for (Map.Entry<String, Path> f : networkFiles(networkDir).entrySet()) {
                if (!taken.contains(f.getKey()) && Files.isRegularFile(f.getValue())) {
                    out.add(new FsView.ViewMount(f.getKey(), f.getValue(), !r.host().readonlyRootfs(), false));
                }
            }
            return new ViewMounts(out, cleanup);
        } catch (RuntimeException e) {
            closeAll(cleanup.reversed());
            throw e;
        }
    }

    /**
     * Mounts the volume of {@code p} under {@code mountId} and returns what to bind: the volume's path, or a
     * race-free bind of its subpath (added to {@code safePaths}). {@code mounted} runs as soon as the volume is
     * mounted, so a failing subpath still finds it to unmount. Publishes Docker's {@code mount} event once done.
     */
    private String mountVolume(ContainerRecord r, MountPoint p, String mountId, Runnable mounted,
                               List<AutoCloseable> safePaths) {
        String source;
        try {
            source = volumes.mount(p.name(), mountId);
        } catch (BerthException e) {
            throw new InternalException("error while mounting volume '" + p.source() + "': " + e.getMessage());
        }
        mounted.run();
        if (!p.subpath().isEmpty()) {
            ensureScratch();
            SafePath safe;
            try {
                safe = SafePath.join(Path.of(source), p.subpath(), scratch);
            } catch (IOException e) {
                // Docker passes safepath's own error on, unwrapped.
                throw new InternalException(e.getMessage());
            }
            safePaths.add(safe);
            source = safe.path().toString();
        }
        events.publish("volume", "mount", p.name(), Map.of("driver", p.driver(), "container", r.id(),
                "destination", p.destination(), "read/write", Boolean.toString(p.rw()),
                "propagation", p.propagationWire()));
        return source;
    }

    private record MountRef(String name, String mountId, String driver) {
    }

    /** The parent of the temporary subpath mounts; made on first use (the exec root may be fresh). */
    private void ensureScratch() {
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new InternalException("create the safe-mount directory " + scratch + ": " + e);
        }
    }

    static void closeAll(List<AutoCloseable> items) {
        for (AutoCloseable c : items) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("cleanup after start: {}", e.getMessage());
            }
        }
    }

    /** Unmounts the container's volumes (after it stopped). */
    void unmount(ContainerRecord r) {
        for (StoredMount m : r.mounts()) {
            if (m.isVolume()) {
                unmountOne(r.id(), m);
            }
        }
    }

    private void unmountOne(String containerId, StoredMount m) {
        unmountOne(containerId, new MountRef(m.name(), m.mountId(), m.driver()));
    }

    private void unmountOne(String containerId, MountRef m) {
        try {
            volumes.unmount(m.name(), m.mountId());
            events.publish("volume", "unmount", m.name(), Map.of("driver", m.driver(), "container", containerId));
        } catch (BerthException e) {
            log.warn("container {}: unmount of volume {} failed: {}", containerId, m.name(), e.getMessage());
        }
    }

    /** {@code -v} creates a missing host directory at start; {@code --mount} only with bind-create-src (§4.3). */
    private static void ensureBindSource(MountPoint p) {
        Path src = Path.of(p.source());
        if (p.skipMountpointCreation() || Files.exists(src)) {
            return;
        }
        try {
            Files.createDirectories(src);
        } catch (IOException e) {
            throw new InternalException("create bind source " + src + ": " + e.getMessage());
        }
    }

    /**
     * Shared propagation needs a shared source mount, slave needs shared or slave (§4.5). A daemon-root bind got
     * rslave implicitly; on a private source it falls back to private, as Docker does.
     */
    private static MountPoint checkPropagation(MountPoint p) {
        Propagation prop = p.propagation();
        if (prop == null || prop == Propagation.PRIVATE || prop == Propagation.RPRIVATE) {
            return p;
        }
        Optional<MountInfo.Entry> mnt;
        try {
            mnt = MountInfo.mountOf(Path.of(p.source()));
        } catch (IOException e) {
            throw new InternalException("read mountinfo: " + e.getMessage());
        }
        if (mnt.isEmpty()) {
            return p;
        }
        MountInfo.Entry e = mnt.get();
        String asked = p.spec().bindOptions() == null ? null : p.spec().bindOptions().propagation();
        boolean explicit = asked != null && !asked.isEmpty() || p.mode().contains("slave")
                || p.mode().contains("shared");
        switch (prop) {
            case SHARED, RSHARED -> {
                if (!e.isShared()) {
                    throw new InvalidArgumentException("path " + p.source() + " is mounted on " + e.mountPoint()
                            + " but it is not a shared mount");
                }
            }
            case SLAVE, RSLAVE -> {
                if (!e.isShared() && !e.isSlave()) {
                    if (!explicit) {
                        return p.toBuilder().propagation(Propagation.RPRIVATE).build();
                    }
                    throw new InvalidArgumentException("path " + p.source() + " is mounted on " + e.mountPoint()
                            + " but it is not a shared or slave mount");
                }
            }
            default -> {
            }
        }
        return p;
    }

    static Map<String, Path> networkFiles(Path dir) {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("/etc/resolv.conf", dir.resolve("resolv.conf"));
        m.put("/etc/hostname", dir.resolve("hostname"));
        m.put("/etc/hosts", dir.resolve("hosts"));
        return m;
    }
}
