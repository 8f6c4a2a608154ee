package dev.berth.mount;

import java.util.ArrayList;
import java.util.List;

/**
 * The container-create normalisation of {@code HostConfig.Mounts} by client API version, as in moby's
 * {@code postContainersCreate} (§1.10, §3.4). {@code TmpfsOptions.Options} (1.46) is deliberately not gated:
 * moby honours it from every API version. Stateless and thread-safe.
 */
public final class ApiVersionRules {

    static final String VOLUME_DRIVER_WARNING = "WARNING: the container-wide volume-driver configuration is ignored"
            + " for volumes specified via 'mount'. Use '--mount type=volume,volume-driver=...' instead";

    private ApiVersionRules() {
    }

    /**
     * Applies, in moby's order: &lt;1.40 ignore {@code NonRecursive}; &lt;1.42 ignore {@code CreateMountpoint}
     * (mismatched option blocks are kept, see {@link #dropPre142}); &ge;1.42 reject option blocks on other types;
     * &lt;1.44 read-only binds default to non-recursive and {@code ReadOnlyForceRecursive} is rejected; &lt;1.45 reject
     * {@code Subpath}; &lt;1.48 reject image mounts; &ge;1.48 warn when {@code volumeDriver} would be ignored.
     */
    public static NormalisedMounts normalise(List<MountSpec> mounts, String volumeDriver, ApiVersion version) {
        List<MountSpec> out = new ArrayList<>(mounts);
        if (version.isBefore(ApiVersion.V1_40)) {
            out.replaceAll(m -> m.bindOptions() == null
                    ? m : m.withBindOptions(m.bindOptions().withNonRecursive(false)));
        }
        if (version.isBefore(ApiVersion.V1_42)) {
            out.replaceAll(ApiVersionRules::dropPre142);
        } else {
            out.forEach(ApiVersionRules::rejectMismatchedBlocks);
        }
        boolean defaultReadOnlyNonRecursive = version.isBefore(ApiVersion.V1_44);
        if (defaultReadOnlyNonRecursive) {
            for (MountSpec m : out) {
                if (m.type() == MountType.BIND && m.bindOptions() != null && m.bindOptions().readOnlyForceRecursive()) {
                    throw MountErrors.readOnlyForceRecursiveNeedsApi144();
                }
            }
        }
        if (version.isBefore(ApiVersion.V1_45)) {
            for (MountSpec m : out) {
                if (m.volumeOptions() != null && !m.volumeOptions().subpath().isEmpty()) {
                    throw MountErrors.subpathNeedsApi145();
                }
            }
        }
        if (version.isBefore(ApiVersion.V1_48)) {
            for (MountSpec m : out) {
                if (m.type() == MountType.IMAGE) {
                    throw MountErrors.imageMountNeedsApi148();
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!version.isBefore(ApiVersion.V1_48) && volumeDriver != null && !volumeDriver.isEmpty()
                && out.stream().anyMatch(m -> m.type() == MountType.VOLUME
                        && (m.volumeOptions() == null || m.volumeOptions().driverName().isEmpty()))) {
            warnings.add(VOLUME_DRIVER_WARNING);
        }
        return new NormalisedMounts(out, defaultReadOnlyNonRecursive, warnings);
    }

    /*
     * moby means to reset mismatched Volume/Tmpfs option blocks for clients older than 1.42, but its loop assigns
     * nil to a copy of each mount, so only the CreateMountpoint reset (made through the BindOptions pointer)
     * takes effect and the mount validator still rejects the mismatched blocks. dockerd's behaviour is what
     * clients see, so berth keeps the blocks too.
     */
    private static MountSpec dropPre142(MountSpec m) {
        if (m.bindOptions() == null) {
            return m;
        }
        return m.withBindOptions(m.bindOptions().withCreateMountpoint(false));
    }

    private static void rejectMismatchedBlocks(MountSpec m) {
        if (m.volumeOptions() != null && m.type() != MountType.VOLUME) {
            throw MountErrors.optionsOnWrongType("VolumeOptions", m.type().wire());
        }
        if (m.bindOptions() != null && m.type() != MountType.BIND) {
            throw MountErrors.optionsOnWrongType("BindOptions", m.type().wire());
        }
        if (m.tmpfsOptions() != null && m.type() != MountType.TMPFS) {
            throw MountErrors.optionsOnWrongType("TmpfsOptions", m.type().wire());
        }
    }
}
