package dev.berth.mount;

import dev.berth.gotext.GoPath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OCI mounts runc gets for a container's user mounts, as moby's {@code setupMounts} and {@code withMounts}
 * build them (§4.4-§4.8, engine-wire §B.2): binds and volumes are {@code bind} mounts with {@code rbind} (or
 * {@code bind}), {@code rro}/{@code ro} when read-only and the propagation if any; tmpfs mounts get
 * {@code noexec,nosuid,nodev,rprivate} merged with their own options, last wins. Stateless and thread-safe.
 */
public final class OciMountOptions {

    /** The options every tmpfs starts from; the user's options override them. */
    public static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev", "rprivate");

    private OciMountOptions() {
    }

    /**
     * All user mounts in mounting order: mount points (with resolved sources) not shadowed by a tmpfs at the same
     * destination, the tmpfs mount points of {@code Mounts}, and the {@code HostConfig.Tmpfs} entries.
     */
    public static List<OciMount> build(Collection<MountPoint> points, Map<String, String> hostTmpfs, RroSupport rro) {
        Set<String> tmpfsDestinations = new HashSet<>(hostTmpfs.keySet());
        for (MountPoint point : points) {
            if (point.type() == MountType.TMPFS) {
                tmpfsDestinations.add(point.destination());
            }
        }
        List<MountPoint> binds = new ArrayList<>();
        for (MountPoint point : points) {
            if (!tmpfsDestinations.contains(point.destination())) {
                checkConflicts(point);
                binds.add(point);
            }
        }
        List<Pending> pending = new ArrayList<>();
        // A Config.Volumes key may be relative (the CLI sends `-v a:/x` as the anonymous volume "a:/x", a
        // Windows-style path). Docker keeps it as given and runc resolves it against the container's root; the
        // spec gets that absolute path.
        binds.forEach(p -> pending.add(new Pending(inContainer(p.destination()), p, null)));
        hostTmpfs.forEach((destination, data) -> pending.add(new Pending(destination, null, data)));
        for (MountPoint point : points) {
            if (point.type() == MountType.TMPFS) {
                pending.add(new Pending(point.destination(), null,
                        TmpfsOptionsConverter.convert(point.spec().tmpfsOptions(), point.spec().readOnly())));
            }
        }
        List<OciMount> mounts = new ArrayList<>();
        for (Pending p : MountOrder.sortForMounting(pending, Pending::destination)) {
            mounts.add(p.point() != null
                    ? new OciMount(p.destination(), "bind", p.point().source(), bind(p.point(), rro))
                    : new OciMount(p.destination(), "tmpfs", "tmpfs", tmpfs(p.tmpfsData())));
        }
        return List.copyOf(mounts);
    }

    /** The absolute path a destination names inside the container (relative ones start at its root). */
    static String inContainer(String destination) {
        return destination.startsWith("/") ? destination : GoPath.clean("/" + destination);
    }

    /** Options of a bind, volume or image mount point. */
    public static List<String> bind(MountPoint point, RroSupport rro) {
        checkConflicts(point);
        BindOptions options = bindOptionsOf(point);
        List<String> out = new ArrayList<>();
        out.add(options != null && options.nonRecursive() ? "bind" : "rbind");
        if (!point.rw()) {
            boolean recursive = options == null || !options.readOnlyNonRecursive();
            if (rro instanceof RroSupport.Unsupported(String reason)) {
                if (options != null && options.readOnlyForceRecursive()) {
                    throw MountErrors.rroUnsupported(reason);
                }
                recursive = false;
            }
            out.add(recursive ? "rro" : "ro");
        }
        if (point.propagation() != null) {
            out.add(point.propagation().wire());
        }
        return List.copyOf(out);
    }

    /** Options of a tmpfs with data {@code data} ({@code ""} = none); fails on an unknown option. */
    public static List<String> tmpfs(String data) {
        return TmpfsOptionMerger.merge(TMPFS_DEFAULTS, data);
    }

    /**
     * The rootfs propagation a mount needs, given the spec's current one ({@code ""} = unset): shared sources need
     * a shared root, slave ones a shared or slave root. The host-side check that the source mount itself is
     * shared or slave belongs to whoever reads mountinfo.
     */
    public static String rootfsPropagation(String current, Propagation propagation) {
        return switch (propagation) {
            case SHARED, RSHARED -> current.equals("shared") || current.equals("rshared") ? current : "shared";
            case SLAVE, RSLAVE -> switch (current) {
                case "shared", "rshared", "slave", "rslave" -> current;
                default -> "rslave";
            };
            case PRIVATE, RPRIVATE -> current;
        };
    }

    /** Bind options count only for bind-type specs; a volume or image mount has none. */
    private static BindOptions bindOptionsOf(MountPoint point) {
        return point.spec().type() == MountType.BIND ? point.spec().bindOptions() : null;
    }

    private static void checkConflicts(MountPoint point) {
        BindOptions options = bindOptionsOf(point);
        if (options == null) {
            return;
        }
        boolean readOnly = point.spec().readOnly();
        if (!readOnly && options.readOnlyNonRecursive()) {
            throw MountErrors.writableWithReadOnlyNonRecursive();
        }
        if (!readOnly && options.readOnlyForceRecursive()) {
            throw MountErrors.writableWithReadOnlyForceRecursive();
        }
        if (options.readOnlyNonRecursive() && options.readOnlyForceRecursive()) {
            throw MountErrors.nonRecursiveWithForceRecursive();
        }
    }

    private record Pending(String destination, MountPoint point, String tmpfsData) {
    }
}
