package dev.berth.container;

import dev.berth.errors.BerthException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.NotImplementedException;
import dev.berth.events.EventSink;
import dev.berth.mount.ApiVersion;
import dev.berth.mount.ApiVersionRules;
import dev.berth.mount.BindSourceChecker;
import dev.berth.mount.CopyUp;
import dev.berth.mount.CopyUpResult;
import dev.berth.mount.MountAction;
import dev.berth.mount.MountErrors;
import dev.berth.mount.MountPlan;
import dev.berth.mount.MountPlanner;
import dev.berth.mount.MountPoint;
import dev.berth.mount.MountRequest;
import dev.berth.mount.MountType;
import dev.berth.mount.NormalisedMounts;
import dev.berth.mount.PlannedMount;
import dev.berth.mount.VolumesFromSource;
import dev.berth.mount.VolumesFromSpec;
import dev.berth.sys.Fd;
import dev.berth.volume.CreateVolume;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A container's volumes at create: plans the mounts (binds, --mount, tmpfs, --volumes-from, image and config
 * volumes), creates or references the volumes for the container, copies image content into empty volumes, and
 * undoes all of it if anything fails. Also releases everything at removal. Thread-safe.
 */
final class ContainerMounts {

    private static final Logger log = LoggerFactory.getLogger(ContainerMounts.class);

    private final VolumeService volumes;
    private final MountPlanner planner;
    private final EventSink events;

    ContainerMounts(VolumeService volumes, Path dataRoot, EventSink events) {
        this.volumes = volumes;
        this.planner = new MountPlanner(dataRoot.toString(), BindSourceChecker.filesystem());
        this.events = events;
    }

    /**
     * Everything create needs to plan mounts. {@code rootfs} mounts the container's root filesystem when first
     * asked (only copy-up and the check for a volume over an image file need it), or is null when there is none.
     */
    record Request(String containerId, HostSettings host, List<String> configVolumes, List<String> imageVolumes,
                   ApiVersion version, Supplier<Path> rootfs, Function<String, ContainerRecord> containers) {
    }

    /**
     * Plans and provisions the mounts of a new container. On failure every volume created or referenced here is
     * released again (and anonymous ones removed) before the error is rethrown.
     */
    PreparedMounts prepare(Request r) {
        NormalisedMounts normalised = ApiVersionRules.normalise(r.host().mounts(), r.host().volumeDriver(),
                r.version());
        List<VolumesFromSource> from = new ArrayList<>();
        for (String spec : r.host().volumesFrom()) {
            VolumesFromSpec parsed = VolumesFromSpec.parse(spec);
            ContainerRecord source = r.containers().apply(parsed.container());
            if (source == null) {
                throw new InvalidArgumentException("No such container: " + parsed.container());
            }
            from.add(new VolumesFromSource(parsed, source.mounts().stream().map(StoredMount::toMountPoint).toList()));
        }
        MountRequest.Builder request = MountRequest.builder();
        from.forEach(request::volumesFrom);
        MountPlan plan = planner.plan(request
                .binds(r.host().binds())
                .normalised(normalised)
                .tmpfs(r.host().tmpfs())
                .volumeDriver(r.host().volumeDriver())
                .configVolumes(r.configVolumes())
                .imageVolumes(r.imageVolumes())
                .build());
        List<String> referenced = new ArrayList<>();
        List<String> anonymous = new ArrayList<>();
        try {
            List<StoredMount> out = new ArrayList<>();
            for (PlannedMount pm : plan.mounts()) {
                MountPoint point = provision(r, pm, referenced, anonymous);
                out.add(StoredMount.of(point, Names.newId()));
            }
            for (StoredMount m : out) {
                if (m.isVolume() && m.copyData()) {
                    copyUp(r, m);
                }
            }
            List<String> warnings = new ArrayList<>(normalised.warnings());
            warnings.addAll(plan.warnings());
            return new PreparedMounts(out, plan.tmpfs(), warnings);
        } catch (RuntimeException e) {
            undo(r.containerId(), referenced, anonymous);
            throw e;
        }
    }

    private MountPoint provision(Request r, PlannedMount pm, List<String> referenced, List<String> anonymous) {
        String id = r.containerId();
        return switch (pm.action()) {
            case MountAction.EnsureVolume(String name, String driver, Map<String, String> opts,
                                          Map<String, String> labels) -> {
                Volume v = volumes.create(new CreateVolume(name, driver.isEmpty() ? null : driver,
                        opts.isEmpty() ? null : opts, labels.isEmpty() ? null : labels, id));
                referenced.add(v.name());
                if (name.isEmpty()) {
                    anonymous.add(v.name());
                }
                yield pm.withVolume(v.name(), v.driver(), v.mountpoint());
            }
            case MountAction.CreateAnonymousVolume(String driver) -> {
                checkNotOverFile(r, pm);
                Volume v = volumes.create(new CreateVolume(null, driver.isEmpty() ? null : driver, null, null, id));
                referenced.add(v.name());
                anonymous.add(v.name());
                yield pm.withVolume(v.name(), v.driver(), v.mountpoint());
            }
            case MountAction.ReuseVolume(String name, String driver) -> {
                Volume v = volumes.acquire(name, id);
                referenced.add(v.name());
                yield pm.withVolume(v.name(), v.driver(), v.mountpoint());
            }
            case MountAction.BindHost b -> pm.point();
            case MountAction.MountTmpfs t -> pm.point();
            case MountAction.MountImage i -> throw new NotImplementedException("image mounts are not supported yet");
        };
    }

    /**
     * Docker refuses an image or config volume where the image has a file (§2.3), naming the file on the host as
     * found inside the mounted root filesystem (symlinks resolved within it).
     */
    private static void checkNotOverFile(Request r, PlannedMount pm) {
        if (r.rootfs() == null) {
            return;
        }
        Path rootfs = r.rootfs().get();
        RootfsPaths.stat(rootfs, pm.point().destination()).ifPresent(st -> {
            if (!st.isDirectory()) {
                throw MountErrors.volumeOverExistingFile(hostPath(rootfs, pm.point().destination()));
            }
        });
    }

    /** Where {@code containerPath} lies on the host: inside {@code rootfs}, symlinks resolved within it. */
    private static String hostPath(Path rootfs, String containerPath) {
        String rel = containerPath.replaceFirst("^/+", "");
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0);
             Fd f = root.openat2(rel.isEmpty() ? "." : rel, Fd.O_PATH, 0,
                     Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS)) {
            return Files.readSymbolicLink(Path.of(f.procPath())).toString();
        } catch (IOException e) {
            return rootfs.resolve(rel).toString();
        }
    }

    /**
     * Copies the image's content at the mount point into the volume when the volume is empty (§4.2). As Docker's
     * populateVolume does, the volume is mounted only when the image has something at the destination: a volume
     * whose mount needs a device, a server or a FUSE daemon is not mounted for nothing, and one that cannot be
     * mounted fails here only when there is content to copy (otherwise at start, with start's text).
     */
    private void copyUp(Request r, StoredMount m) {
        if (r.rootfs() == null) {
            return;
        }
        Path rootfs = r.rootfs().get();
        if (RootfsPaths.absent(rootfs, m.destination())) {
            return;
        }
        String tmpId = Names.newId();
        String path;
        try {
            path = volumes.mount(m.name(), tmpId);
        } catch (NotFoundException gone) {
            // Docker ignores a not-found from the mount here; start reports it.
            return;
        } catch (BerthException e) {
            throw new InternalException("failed to populate volume: error while mounting volume '"
                    + m.source() + "': " + e.getMessage());
        }
        try {
            Path target = Path.of(path);
            String sub = m.toMountPoint().subpath();
            if (!sub.isEmpty()) {
                target = target.resolve(sub);
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    return;
                }
            }
            var result = CopyUp.copyIfEmpty(rootfs, m.destination(), target);
            if (result.outcome() == CopyUpResult.Outcome.SOURCE_NOT_DIRECTORY && isEmptyDirectory(target)) {
                // Docker's copy refuses a file as its source once it found the volume empty.
                throw new InternalException("source " + hostPath(rootfs, m.destination()) + " is not directory");
            }
            if (result.copied()) {
                log.debug("container {}: copied {} entries ({} bytes) of {} into volume {}", r.containerId(),
                        result.entries(), result.bytes(), m.destination(), m.name());
            }
        } catch (IOException e) {
            throw new InternalException("copy image content of " + m.destination() + " into volume " + m.name()
                    + ": " + e.getMessage());
        } finally {
            try {
                volumes.unmount(m.name(), tmpId);
            } catch (BerthException e) {
                // As Docker's copy: the content is in; a driver that fails to let go is only worth a warning.
                log.warn("volume {}: unmount after copying image content: {}", m.name(), e.getMessage());
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (var entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Releases the container's volume references; with {@code removeAnonymous}, removes its anonymous volumes. */
    void release(String containerId, List<StoredMount> mounts, boolean removeAnonymous) {
        List<String> errors = new ArrayList<>();
        for (StoredMount m : mounts) {
            if (!m.isVolume()) {
                continue;
            }
            volumes.release(m.name(), containerId);
            if (removeAnonymous && m.anonymous()) {
                try {
                    volumes.remove(m.name(), false);
                } catch (dev.berth.errors.ConflictException inUse) {
                    // Another container (--volumes-from) still uses it; Docker ignores this.
                } catch (dev.berth.errors.NotFoundException gone) {
                    // Already removed.
                } catch (BerthException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            log.warn("container {}: Error removing volumes:\n{}", containerId, String.join("\n", errors));
        }
    }

    private void undo(String containerId, List<String> referenced, List<String> anonymous) {
        for (String v : referenced) {
            volumes.release(v, containerId);
        }
        for (String v : anonymous) {
            try {
                volumes.remove(v, true);
            } catch (BerthException e) {
                log.warn("container {}: undo of anonymous volume {} failed: {}", containerId, v, e.getMessage());
            }
        }
    }

    /** Volume mount points in persisted form, keyed by destination (for inspect and ps filters). */
    static Map<String, StoredMount> byDestination(List<StoredMount> mounts) {
        Map<String, StoredMount> m = new LinkedHashMap<>();
        mounts.forEach(s -> m.put(s.destination(), s));
        return m;
    }

    static boolean isTmpfs(StoredMount m) {
        return m.type().equals(MountType.TMPFS.name());
    }

    EventSink events() {
        return events;
    }
}
