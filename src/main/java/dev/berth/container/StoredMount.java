package dev.berth.container;

import dev.berth.mount.BindOptions;
import dev.berth.mount.ImageOptions;
import dev.berth.mount.MountPoint;
import dev.berth.mount.MountSpec;
import dev.berth.mount.MountType;
import dev.berth.mount.Propagation;
import dev.berth.mount.TmpfsOptions;
import dev.berth.mount.VolumeOptions;

import java.util.List;
import java.util.Map;

/**
 * A container's mount point as persisted with it: every field of {@link MountPoint} and its spec, flattened so it
 * round-trips through JSON, plus the mount id the volume driver knows this mount by. Immutable.
 */
record StoredMount(String type, String source, String destination, boolean rw, String name, String driver,
                   String mode, String propagation, boolean copyData, boolean skipMountpointCreation,
                   String specSource, String specTarget, boolean specReadOnly, String consistency,
                   String bindPropagation, Boolean bindNonRecursive, Boolean bindCreateMountpoint,
                   Boolean bindReadOnlyNonRecursive, Boolean bindReadOnlyForceRecursive,
                   Boolean volumeNoCopy, Map<String, String> volumeLabels, String volumeSubpath,
                   String volumeDriverName, Map<String, String> volumeDriverOptions, boolean hasVolumeOptions,
                   Long tmpfsSize, Long tmpfsMode, List<List<String>> tmpfsOptions, String imageSubpath,
                   String mountId) {

    static StoredMount of(MountPoint p, String mountId) {
        MountSpec s = p.spec();
        BindOptions b = s.bindOptions();
        VolumeOptions v = s.volumeOptions();
        TmpfsOptions t = s.tmpfsOptions();
        ImageOptions i = s.imageOptions();
        return new StoredMount(p.type().name(), p.source(), p.destination(), p.rw(), p.name(), p.driver(), p.mode(),
                p.propagation() == null ? null : p.propagation().name(), p.copyData(), p.skipMountpointCreation(),
                s.source(), s.target(), s.readOnly(), s.consistency(),
                b == null ? null : b.propagation(), b == null ? null : b.nonRecursive(),
                b == null ? null : b.createMountpoint(), b == null ? null : b.readOnlyNonRecursive(),
                b == null ? null : b.readOnlyForceRecursive(),
                v == null ? null : v.noCopy(), v == null ? null : v.labels(), v == null ? null : v.subpath(),
                v == null || v.driverConfig() == null ? null : v.driverConfig().name(),
                v == null || v.driverConfig() == null ? null : v.driverConfig().options(), v != null,
                t == null ? null : t.sizeBytes(), t == null ? null : t.mode(), t == null ? null : t.options(),
                i == null ? null : i.subpath(), mountId);
    }

    MountPoint toMountPoint() {
        MountType t = MountType.valueOf(type);
        MountSpec.Builder spec = MountSpec.builder(t).source(specSource).target(specTarget).readOnly(specReadOnly)
                .consistency(consistency);
        if (bindNonRecursive != null) {
            spec.bindOptions(new BindOptions(bindPropagation, bindNonRecursive, bindCreateMountpoint,
                    bindReadOnlyNonRecursive, bindReadOnlyForceRecursive));
        }
        if (hasVolumeOptions) {
            spec.volumeOptions(new VolumeOptions(Boolean.TRUE.equals(volumeNoCopy), volumeLabels, volumeSubpath,
                    volumeDriverName == null && volumeDriverOptions == null ? null
                            : new VolumeOptions.DriverConfig(volumeDriverName, volumeDriverOptions)));
        }
        if (tmpfsSize != null) {
            spec.tmpfsOptions(new TmpfsOptions(tmpfsSize, tmpfsMode, tmpfsOptions));
        }
        if (imageSubpath != null) {
            spec.imageOptions(new ImageOptions(imageSubpath));
        }
        return MountPoint.builder(t, spec.build()).source(source).destination(destination).rw(rw).name(name)
                .driver(driver).mode(mode).propagation(propagation == null ? null : Propagation.valueOf(propagation))
                .copyData(copyData).skipMountpointCreation(skipMountpointCreation).build();
    }

    boolean isVolume() {
        return type.equals(MountType.VOLUME.name());
    }

    /** A volume mount whose spec named no volume (from -v /path, Config.Volumes or image VOLUME). */
    boolean anonymous() {
        return isVolume() && specSource.isEmpty();
    }
}
