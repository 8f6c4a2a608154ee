package dev.berth.mount;

import dev.berth.gotext.GoPath;
import dev.berth.mount.BindSourceChecker.SourceStatus;

/**
 * Validates a {@link MountSpec} and converts it to a {@link MountPoint}, like moby's {@code ValidateMountConfig}
 * and {@code ParseMountSpec} (§3.3): target checks first, then the per-type rules, every failure wrapped as
 * {@code invalid mount config for type "<type>": <reason>}. Stateless and thread-safe.
 */
public final class MountSpecValidator {

    private MountSpecValidator() {
    }

    /** Validates {@code spec}; a bind source must exist unless {@code BindOptions.CreateMountpoint} is set. */
    public static void validate(MountSpec spec, BindSourceChecker checker) {
        check(spec, checker);
    }

    /** Validates {@code spec} (with the bind-source check) and converts it. */
    public static MountPoint parse(MountSpec spec, BindSourceChecker checker) {
        check(spec, checker);
        return convert(spec);
    }

    /** For {@code -v} binds: a missing host directory is allowed and created at start (§3.2). */
    static MountPoint parseWithoutSourceCheck(MountSpec spec) {
        check(spec, null);
        return convert(spec);
    }

    private static void check(MountSpec spec, BindSourceChecker checker) {
        checkTarget(spec);
        switch (spec.type()) {
            case MountType.BIND -> checkBind(spec, checker);
            case MountType.VOLUME -> {
                rejectBlocks(spec, true, false, true, true);
                if (spec.source().isEmpty() && spec.readOnly()) {
                    throw wrap(spec, MountErrors.readOnlyAnonymousVolume());
                }
                VolumeOptions options = spec.volumeOptions();
                if (options != null && !options.subpath().isEmpty()) {
                    if (spec.source().isEmpty()) {
                        throw wrap(spec, MountErrors.subpathOnAnonymousVolume());
                    }
                    if (!UnixPaths.isLocal(options.subpath())) {
                        throw wrap(spec, MountErrors.invalidSubpath());
                    }
                }
            }
            case MountType.TMPFS -> {
                rejectBlocks(spec, true, true, false, true);
                if (!spec.source().isEmpty()) {
                    throw wrap(spec, MountErrors.extraField("Source"));
                }
                try {
                    TmpfsOptionsConverter.convert(spec.tmpfsOptions(), spec.readOnly());
                } catch (InvalidMountSpecException e) {
                    throw wrap(spec, e);
                }
            }
            case MountType.IMAGE -> {
                rejectBlocks(spec, true, true, true, false);
                if (spec.source().isEmpty()) {
                    throw wrap(spec, MountErrors.missingField("Source"));
                }
                ImageOptions options = spec.imageOptions();
                if (options != null && !options.subpath().isEmpty() && !UnixPaths.isLocal(options.subpath())) {
                    throw wrap(spec, MountErrors.invalidSubpath());
                }
            }
            case SpecType.Unknown _ -> throw wrap(spec, MountErrors.unknownType());
        }
    }

    private static void checkTarget(MountSpec spec) {
        if (spec.target().isEmpty()) {
            throw wrap(spec, MountErrors.missingField("Target"));
        }
        try {
            checkNotRoot(spec.target());
            checkAbsolute(spec.target());
        } catch (InvalidMountSpecException e) {
            throw wrap(spec, e);
        }
    }

    private static void checkBind(MountSpec spec, BindSourceChecker checker) {
        if (spec.source().isEmpty()) {
            throw wrap(spec, MountErrors.missingField("Source"));
        }
        BindOptions options = spec.bindOptions();
        if (options != null && !options.propagation().isEmpty()
                && Propagation.lookup(options.propagation()).isEmpty()) {
            throw wrap(spec, MountErrors.invalidPropagation(options.propagation()));
        }
        rejectBlocks(spec, false, true, true, true);
        try {
            checkAbsolute(spec.source());
        } catch (InvalidMountSpecException e) {
            throw wrap(spec, e);
        }
        if (checker == null) {
            return;
        }
        switch (checker.stat(spec.source())) {
            case SourceStatus.Exists _ -> {
            }
            case SourceStatus.Missing _ -> {
                if (options == null || !options.createMountpoint()) {
                    throw wrap(spec, MountErrors.bindSourceDoesNotExist(spec.source()));
                }
            }
            case SourceStatus.Failed(String error) -> throw wrap(spec, MountErrors.statFailed(error));
        }
    }

    /** moby checks the blocks in this order: Bind, Volume, Image, Tmpfs. */
    private static void rejectBlocks(MountSpec spec, boolean bind, boolean volume, boolean tmpfs, boolean image) {
        if (bind && spec.bindOptions() != null) {
            throw wrap(spec, MountErrors.extraField("BindOptions"));
        }
        if (volume && spec.volumeOptions() != null) {
            throw wrap(spec, MountErrors.extraField("VolumeOptions"));
        }
        if (image && spec.imageOptions() != null) {
            throw wrap(spec, MountErrors.extraField("ImageOptions"));
        }
        if (tmpfs && spec.tmpfsOptions() != null) {
            throw wrap(spec, MountErrors.extraField("TmpfsOptions"));
        }
    }

    /** Shared with {@code HostConfig.Tmpfs} keys (§3.6); backslashes count as separators here, as in moby. */
    static void checkNotRoot(String path) {
        if (GoPath.clean(path.replace('\\', '/')).equals("/")) {
            throw MountErrors.destinationIsRoot();
        }
    }

    static void checkAbsolute(String path) {
        String slashed = path.replace('\\', '/');
        if (!UnixPaths.isAbs(slashed)) {
            throw MountErrors.notAbsolute(slashed);
        }
    }

    private static InvalidMountSpecException wrap(MountSpec spec, InvalidMountSpecException cause) {
        return MountErrors.mountConfig(spec.type().wire(), cause);
    }

    private static MountPoint convert(MountSpec spec) {
        MountType type = (MountType) spec.type();
        MountPoint.Builder point = MountPoint.builder(type, spec)
                .rw(!spec.readOnly())
                .destination(GoPath.clean(spec.target()));
        switch (type) {
            case VOLUME -> {
                VolumeOptions options = spec.volumeOptions();
                point.name(spec.source())
                        .driver(options == null ? "" : options.driverName())
                        .copyData(options == null || !options.noCopy());
            }
            case BIND -> {
                BindOptions options = spec.bindOptions();
                point.source(GoPath.clean(spec.source()))
                        .propagation(options == null || options.propagation().isEmpty()
                                ? Propagation.RPRIVATE : Propagation.fromWire(options.propagation()));
            }
            case IMAGE -> point.source(spec.source()).propagation(Propagation.RPRIVATE);
            case TMPFS -> {
            }
        }
        return point.build();
    }
}
