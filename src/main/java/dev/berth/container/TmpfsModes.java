package dev.berth.container;

import dev.berth.errors.InternalException;
import dev.berth.mount.MountType;
import dev.berth.mount.TmpfsOptionsConverter;
import dev.berth.sys.FileSys;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Works around runc before 1.1.8, which gives a tmpfs the mode of the directory it is mounted on when the image
 * already has that directory, ignoring {@code mode=}. After {@code runc create} the tmpfs exists in the
 * container's mount namespace; its root is chmod'ed there through {@code /proc/<pid>/root} before the process
 * starts.
 */
final class TmpfsModes {

    private TmpfsModes() {
    }

    /** {@code pid}: the created container's process, whose root is the container's. */
    static void apply(int pid, ContainerRecord r, Path rootfs) {
        Map<String, Integer> modes = new LinkedHashMap<>();
        r.tmpfs().forEach((dest, data) -> modeOf(data).ifPresent(m -> modes.put(dest, m)));
        for (StoredMount m : r.mounts()) {
            if (m.type().equals(MountType.TMPFS.name())) {
                String data = TmpfsOptionsConverter.convert(m.toMountPoint().spec().tmpfsOptions(), !m.rw());
                modeOf(data).ifPresent(mode -> modes.put(m.destination(), mode));
            }
        }
        if (modes.isEmpty()) {
            return;
        }
        if (pid <= 0) {
            return;
        }
        for (Map.Entry<String, Integer> e : modes.entrySet()) {
            if (RootfsPaths.stat(rootfs, e.getKey()).isEmpty()) {
                continue; // runc created the directory itself and honoured mode=
            }
            // Resolved inside the container's root: an image symlink must not lead the chmod to a host path.
            try (Fd root = Fd.open(Path.of("/proc/" + pid + "/root"), Fd.O_PATH | Fd.O_DIRECTORY, 0);
                 Fd dir = root.openat2(e.getKey().substring(1), Fd.O_PATH | Fd.O_DIRECTORY, 0,
                         Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS)) {
                FileSys.chmod(Path.of(dir.procPath()), e.getValue());
            } catch (ErrnoException ex) {
                throw new InternalException("set mode of tmpfs " + e.getKey() + ": " + ex.getMessage());
            }
        }
    }

    /** The last {@code mode=} of an option string, octal. */
    static java.util.Optional<Integer> modeOf(String data) {
        Integer mode = null;
        if (data != null) {
            for (String o : data.split(",")) {
                if (o.startsWith("mode=")) {
                    try {
                        mode = Integer.parseInt(o.substring(5), 8);
                    } catch (NumberFormatException ignored) {
                        // the mount itself will reject it
                    }
                }
            }
        }
        return java.util.Optional.ofNullable(mode);
    }
}
