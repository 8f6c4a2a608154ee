package dev.berth.mount;

import dev.berth.gotext.GoPath;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides the mounts of a new container like moby's {@code validateHostConfig}, {@code registerMountPoints} and
 * {@code createContainerVolumesOS} (§2.3): {@code Mounts} and {@code Tmpfs} keys are validated first; then per
 * destination {@code VolumesFrom} &lt; {@code Binds} &lt; {@code Mounts}, where volumes-from entries are
 * overridden silently but a bind or mount meeting another bind, mount or tmpfs is a duplicate; finally
 * {@code Config.Volumes} and image volumes get anonymous volumes where nothing else covers the path.
 * Touches nothing but bind-source stats. Thread-safe.
 */
public final class MountPlanner {

    static final String IMAGE_MOUNT_WARNING = "Image mount is an experimental feature";

    private final String daemonRoot;
    private final BindSourceChecker checker;

    /** {@code daemonRoot} is the data root as configured (e.g. {@code /var/lib/berth}), used for §3.8. */
    public MountPlanner(String daemonRoot, BindSourceChecker checker) {
        this.daemonRoot = Objects.requireNonNull(daemonRoot, "daemonRoot");
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    /** Plans the mounts of {@code request}; throws {@link InvalidMountSpecException} with Docker's text. */
    public MountPlan plan(MountRequest request) {
        List<String> warnings = new ArrayList<>();
        List<MountPoint> parsedMounts = new ArrayList<>();
        for (MountSpec spec : request.mounts()) {
            if (spec.type() == MountType.IMAGE) {
                warnings.add(IMAGE_MOUNT_WARNING);
            }
            parsedMounts.add(MountSpecValidator.parse(spec, checker));
        }
        request.tmpfs().keySet().forEach(TmpfsDestination::validate);

        Map<String, PlannedMount> points = new LinkedHashMap<>();
        // moby calls this set "binds", though Mounts join it too: it is what a later bind or mount may not meet.
        Set<String> claimed = new HashSet<>();
        for (VolumesFromSource source : request.volumesFrom()) {
            for (MountPoint inherited : source.mountPoints()) {
                PlannedMount planned = inherit(inherited, source.spec().readWrite());
                points.put(planned.point().destination(), planned);
            }
        }
        for (String raw : request.binds()) {
            PlannedMount planned = planBind(raw, request, claimed);
            claimed.add(planned.point().destination());
            points.put(planned.point().destination(), planned);
        }
        for (MountPoint parsed : parsedMounts) {
            MountPoint point = withDaemonRootRule(parsed);
            if (claimed.contains(point.destination())) {
                // moby names the target as submitted here, not the cleaned destination.
                throw MountErrors.duplicateMountPoint(point.spec().target());
            }
            claimed.add(point.destination());
            points.put(point.destination(), planMount(point, request.defaultReadOnlyNonRecursive()));
        }
        addAnonymousVolumes(request, points);
        return new MountPlan(List.copyOf(points.values()), request.tmpfs(), warnings);
    }

    private PlannedMount planBind(String raw, MountRequest request, Set<String> claimed) {
        MountPoint point = withDaemonRootRule(BindSpecParser.parse(raw, request.volumeDriver()));
        // Tmpfs keys are compared as given, like moby (#10618): "/run/" does not clash with "/run".
        if (claimed.contains(point.destination()) || request.tmpfs().containsKey(point.destination())) {
            throw MountErrors.duplicateMountPoint(point.destination());
        }
        return switch (point.type()) {
            case VOLUME -> new PlannedMount(point,
                    new MountAction.EnsureVolume(point.name(), point.driver(), Map.of(), Map.of()));
            case BIND -> new PlannedMount(readOnlyDefault(point, request.defaultReadOnlyNonRecursive()),
                    new MountAction.BindHost(point.source(), true));
            case TMPFS, IMAGE -> throw new IllegalStateException("a bind spec parsed as " + point.type());
        };
    }

    private MountPoint withDaemonRootRule(MountPoint point) {
        return DaemonRootRule.needsSlavePropagation(daemonRoot, point.spec())
                ? point.toBuilder().propagation(Propagation.RSLAVE).build()
                : point;
    }

    /** {@code Config.Volumes} and image volumes, where moby's {@code HasMountFor} finds nothing at the path. */
    private static void addAnonymousVolumes(MountRequest request, Map<String, PlannedMount> points) {
        List<String> paths = new ArrayList<>(request.configVolumes());
        paths.addAll(request.imageVolumes());
        for (String path : paths) {
            String destination = GoPath.clean(path);
            if (points.containsKey(destination) || request.tmpfs().containsKey(destination)) {
                continue;
            }
            MountPoint point = MountPoint.builder(MountType.VOLUME,
                            MountSpec.builder(MountType.VOLUME).target(destination).build())
                    .destination(destination).rw(true).driver(request.volumeDriver()).copyData(true).build();
            points.put(destination,
                    new PlannedMount(point, new MountAction.CreateAnonymousVolume(request.volumeDriver())));
        }
    }

    private static PlannedMount planMount(MountPoint point, boolean defaultReadOnlyNonRecursive) {
        MountSpec spec = point.spec();
        return switch (point.type()) {
            case VOLUME -> {
                VolumeOptions options = spec.volumeOptions();
                yield new PlannedMount(point, options == null
                        ? new MountAction.EnsureVolume(point.name(), point.driver(), Map.of(), Map.of())
                        : new MountAction.EnsureVolume(point.name(), point.driver(), options.driverOptions(),
                                options.labels()));
            }
            case BIND -> {
                boolean create = spec.bindOptions() != null && spec.bindOptions().createMountpoint();
                MountPoint bind = readOnlyDefault(point.toBuilder().skipMountpointCreation(!create).build(),
                        defaultReadOnlyNonRecursive);
                yield new PlannedMount(bind, new MountAction.BindHost(bind.source(), create));
            }
            case TMPFS -> new PlannedMount(point,
                    new MountAction.MountTmpfs(TmpfsOptionsConverter.convert(spec.tmpfsOptions(), spec.readOnly())));
            case IMAGE -> {
                MountPoint image = point.toBuilder().name(spec.source()).rw(false).build();
                yield new PlannedMount(image, new MountAction.MountImage(spec.source(), image.subpath()));
            }
        };
    }

    /** moby copies type, name, source, spec and propagation; RW narrows with the mode; data is never copied. */
    private static PlannedMount inherit(MountPoint m, boolean readWrite) {
        MountPoint copy = MountPoint.builder(m.type(), m.spec()).name(m.name()).source(m.source())
                .rw(m.rw() && readWrite).driver(m.driver()).destination(m.destination())
                .propagation(m.propagation()).copyData(false).build();
        MountAction action = switch (m.type()) {
            case VOLUME -> new MountAction.ReuseVolume(m.name(), m.driver());
            case BIND -> new MountAction.BindHost(m.source(), true);
            // moby looks up a volume named "" here and fails; a fresh tmpfs with the same options is what is meant.
            case TMPFS -> new MountAction.MountTmpfs(
                    TmpfsOptionsConverter.convert(m.spec().tmpfsOptions(), m.spec().readOnly()));
            case IMAGE -> new MountAction.BindHost(m.source(), false);
        };
        return new PlannedMount(copy, action);
    }

    /** Clients older than API 1.44 expect read-only binds to leave sub-mounts writable (§1.10). */
    private static MountPoint readOnlyDefault(MountPoint point, boolean defaultReadOnlyNonRecursive) {
        if (point.type() != MountType.BIND || point.rw() || !defaultReadOnlyNonRecursive) {
            return point;
        }
        MountSpec spec = point.spec();
        BindOptions options = spec.bindOptions() == null ? BindOptions.empty() : spec.bindOptions();
        return point.toBuilder().spec(spec.withBindOptions(options.withReadOnlyNonRecursive(true))).build();
    }
}
