package dev.berth.sys;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper, reusable by other packages' tests: a sparse image file in a directory, formatted with mkfs, attached
 * to a loop device with losetup and mounted through {@link LinuxMount}. {@link #close()} unmounts, detaches the
 * loop device and deletes the image. Needs root, /dev/loop-control, losetup and the mkfs of the type (xfsprogs
 * for XFS). Not thread-safe.
 */
public final class LoopFilesystem implements AutoCloseable {
    private final Path image;
    private final Path mountPoint;
    private final String loopDevice;
    private boolean closed;

    private LoopFilesystem(Path image, Path mountPoint, String loopDevice) {
        this.image = image;
        this.mountPoint = mountPoint;
        this.loopDevice = loopDevice;
    }

    /** Whether loop devices can be used here at all (tests call this in an assumption). */
    public static boolean available() {
        return FileSys.geteuid() == 0 && Files.exists(Path.of("/dev/loop-control")) && Commands.exists("losetup");
    }

    /**
     * Creates {@code dir/<fsType>.img} of {@code sizeBytes}, formats it and mounts it on {@code dir/<fsType>}
     * with {@code mountOptions} (fstab syntax, parsed by {@link MountOptions}). ext4 images get the
     * {@code quota,project} features when the options ask for project quotas. XFS needs at least 300 MiB.
     */
    public static LoopFilesystem create(Path dir, String fsType, String mountOptions, long sizeBytes)
            throws IOException {
        Path image = dir.resolve(fsType + ".img");
        Path mountPoint = Files.createDirectories(dir.resolve(fsType));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(sizeBytes);
        }
        Commands.run(mkfs(fsType, mountOptions, image).toArray(String[]::new));
        String device = Commands.run("losetup", "--find", "--show", image.toString()).strip();
        MountOptions options = MountOptions.parse(mountOptions);
        try {
            LinuxMount.mount(device, mountPoint.toString(), fsType, options.flags(),
                    options.data().isEmpty() ? null : options.data());
        } catch (ErrnoException e) {
            Commands.run("losetup", "-d", device);
            Files.deleteIfExists(image);
            throw e;
        }
        return new LoopFilesystem(image, mountPoint, device);
    }

    private static List<String> mkfs(String fsType, String mountOptions, Path image) {
        List<String> cmd = new ArrayList<>();
        switch (fsType) {
            case "xfs" -> cmd.addAll(List.of("mkfs.xfs", "-q", "-f"));
            case "ext4" -> {
                cmd.addAll(List.of("mkfs.ext4", "-q", "-F"));
                if (mountOptions != null && mountOptions.matches(".*\\b(prjquota|prjjquota)\\b.*")) {
                    cmd.addAll(List.of("-O", "quota,project"));
                }
            }
            default -> cmd.add("mkfs." + fsType);
        }
        cmd.add(image.toString());
        return cmd;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public String loopDevice() {
        return loopDevice;
    }

    public Path image() {
        return image;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (MountInfo.isMountPoint(mountPoint)) {
                LinuxMount.unmount(mountPoint.toString(), LinuxMount.MNT_DETACH);
            }
        } finally {
            try {
                Commands.run("losetup", "-d", loopDevice);
            } finally {
                Files.deleteIfExists(image);
            }
        }
    }
}
