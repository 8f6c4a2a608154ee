package dev.berth.mount;

/**
 * Parses a {@code HostConfig.Binds} entry ({@code [source:]target[:mode]}) like moby's Linux
 * {@code ParseMountRaw} (§3.2): an absolute source is a bind, any other source a named volume, no source an
 * anonymous volume. Stateless and thread-safe.
 */
public final class BindSpecParser {

    private BindSpecParser() {
    }

    /**
     * Parses {@code raw}; {@code volumeDriver} ({@code HostConfig.VolumeDriver}, may be empty) becomes the driver
     * of a volume. A missing bind source is not an error: it is created at start. Spec errors are wrapped as
     * {@code invalid volume specification: '<raw>': <error>}; a bad mode is reported as {@code invalid mode: <m>}.
     */
    public static MountPoint parse(String raw, String volumeDriver) {
        String[] parts = raw.split(":", 4);
        if (parts[0].isEmpty()) {
            throw MountErrors.invalidSpec(raw);
        }
        String source = "";
        String target;
        String mode = "";
        switch (parts.length) {
            case 1 -> target = parts[0];
            case 2 -> {
                // "/foo:rw" or "/foo:" is a target with a mode but no source, which is not a volume spec.
                if (MountMode.valid(parts[1])) {
                    throw MountErrors.invalidSpec(raw);
                }
                source = parts[0];
                target = parts[1];
            }
            case 3 -> {
                source = parts[0];
                target = parts[1];
                mode = parts[2];
            }
            default -> throw MountErrors.invalidSpec(raw);
        }
        if (!MountMode.valid(mode)) {
            throw MountErrors.invalidMode(mode);
        }

        MountType type = UnixPaths.isAbs(source) ? MountType.BIND : MountType.VOLUME;
        MountSpec.Builder spec = MountSpec.builder(type).source(source).target(target)
                .readOnly(!MountMode.readWrite(mode));
        VolumeOptions volumeOptions = null;
        if (volumeDriver != null && !volumeDriver.isEmpty() && type == MountType.VOLUME) {
            volumeOptions = new VolumeOptions(false, null, "", new VolumeOptions.DriverConfig(volumeDriver, null));
        }
        if (MountMode.hasNoCopy(mode)) {
            volumeOptions = (volumeOptions == null ? VolumeOptions.empty() : volumeOptions).withNoCopy(true);
        }
        spec.volumeOptions(volumeOptions);
        if (MountMode.hasPropagation(mode)) {
            spec.bindOptions(BindOptions.withPropagation(MountMode.propagation(mode)));
        }

        MountPoint point;
        try {
            point = MountSpecValidator.parseWithoutSourceCheck(spec.build());
        } catch (InvalidMountSpecException e) {
            throw MountErrors.invalidSpec(raw, e);
        }
        return point.toBuilder().mode(mode).build();
    }
}
