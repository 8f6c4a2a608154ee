package dev.berth.api.routes;

import dev.berth.api.wire.ContainerCreateWire;
import dev.berth.container.ContainerConfig;
import dev.berth.container.HostSettings;
import dev.berth.mount.BindOptions;
import dev.berth.mount.ImageOptions;
import dev.berth.mount.MountSpec;
import dev.berth.mount.SpecType;
import dev.berth.mount.TmpfsOptions;
import dev.berth.mount.VolumeOptions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Translates the wire create body into the container service's domain records. */
final class ContainerTranslator {

    private ContainerTranslator() {
    }

    static ContainerConfig config(ContainerCreateWire.Body b) {
        return new ContainerConfig(b.Hostname(), b.Domainname(), b.User(), isTrue(b.AttachStdin()),
                isTrue(b.AttachStdout()), isTrue(b.AttachStderr()), isTrue(b.Tty()), isTrue(b.OpenStdin()),
                isTrue(b.StdinOnce()), b.Env(), b.cmd(), b.entrypoint(), b.Image(), b.WorkingDir(), b.Labels(),
                keys(b.Volumes()), keys(b.ExposedPorts()), b.StopSignal(), b.StopTimeout(),
                isTrue(b.NetworkDisabled()));
    }

    static HostSettings host(ContainerCreateWire.HostConfig h) {
        if (h == null) {
            return new HostSettings(null, null, null, null, null, false, null, false, 0, null, false, null, null, 0, 0);
        }
        List<MountSpec> mounts = new ArrayList<>();
        if (h.Mounts() != null) {
            for (ContainerCreateWire.Mount m : h.Mounts()) {
                mounts.add(mount(m));
            }
        }
        HostSettings.RestartPolicy rp = h.RestartPolicy() == null ? null : new HostSettings.RestartPolicy(
                h.RestartPolicy().Name(), h.RestartPolicy().MaximumRetryCount() == null ? 0
                : h.RestartPolicy().MaximumRetryCount());
        long height = h.ConsoleSize() != null && h.ConsoleSize().size() == 2 ? h.ConsoleSize().get(0) : 0;
        long width = h.ConsoleSize() != null && h.ConsoleSize().size() == 2 ? h.ConsoleSize().get(1) : 0;
        return new HostSettings(h.Binds(), mounts, h.Tmpfs(), h.VolumesFrom(), h.VolumeDriver(),
                isTrue(h.AutoRemove()), h.NetworkMode(), isTrue(h.ReadonlyRootfs()),
                h.ShmSize() == null ? 0 : h.ShmSize(), rp, isTrue(h.Privileged()), h.CapAdd(), h.CapDrop(),
                height, width);
    }

    static MountSpec mount(ContainerCreateWire.Mount m) {
        MountSpec.Builder b = MountSpec.builder(SpecType.fromWire(m.Type() == null ? "" : m.Type()))
                .source(m.Source()).target(m.Target()).readOnly(isTrue(m.ReadOnly())).consistency(m.Consistency());
        if (m.BindOptions() != null) {
            var o = m.BindOptions();
            b.bindOptions(new BindOptions(o.Propagation(), isTrue(o.NonRecursive()), isTrue(o.CreateMountpoint()),
                    isTrue(o.ReadOnlyNonRecursive()), isTrue(o.ReadOnlyForceRecursive())));
        }
        if (m.VolumeOptions() != null) {
            var o = m.VolumeOptions();
            b.volumeOptions(new VolumeOptions(isTrue(o.NoCopy()), o.Labels() == null ? Map.of() : o.Labels(),
                    o.Subpath() == null ? "" : o.Subpath(), o.DriverConfig() == null ? null
                    : new VolumeOptions.DriverConfig(o.DriverConfig().Name(), o.DriverConfig().Options())));
        }
        if (m.TmpfsOptions() != null) {
            var o = m.TmpfsOptions();
            b.tmpfsOptions(new TmpfsOptions(o.SizeBytes() == null ? 0 : o.SizeBytes(),
                    o.Mode() == null ? 0 : o.Mode(), o.Options()));
        }
        if (m.ImageOptions() != null) {
            b.imageOptions(new ImageOptions(m.ImageOptions().Subpath() == null ? "" : m.ImageOptions().Subpath()));
        }
        return b.build();
    }

    private static Set<String> keys(Map<String, Object> m) {
        return m == null ? null : new LinkedHashSet<>(m.keySet());
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
