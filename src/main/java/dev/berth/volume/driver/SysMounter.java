package dev.berth.volume.driver;

import dev.berth.errors.InternalException;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountHelper;
import dev.berth.sys.MountHelperException;
import dev.berth.sys.MountInfo;
import dev.berth.sys.MountOptions;
import dev.berth.sys.ProjectQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mounts for local volumes with options. Kernel filesystems (tmpfs, bind, block devices, and nfs/cifs when their
 * mount.nfs/mount.cifs helper is not installed) go straight to mount(2), as Docker's local driver does; filesystems
 * that need a userspace helper (FUSE types, sshfs, glusterfs, s3fs, and any type whose mount.TYPE is installed) go
 * through the system's mount(8), which mounts what Docker's local driver cannot (an nfs device naming its server,
 * say). For nfs and cifs a host name in {@code addr=} is resolved first either way, with Docker's error when it
 * does not resolve. Size limits use project quotas where the volumes directory's filesystem has them.
 * Thread-safe.
 */
final class SysMounter implements Mounter {

    private static final Logger log = LoggerFactory.getLogger(SysMounter.class);
    private static final Pattern PASSWORD = Pattern.compile("(?:^|,)password=([^,]*)");

    /** mount(2); a seam for tests. */
    @FunctionalInterface
    interface KernelMount {
        void mount(String source, String target, String fsType, long flags, String data) throws ErrnoException;
    }

    /** mount(8); a seam for tests. */
    @FunctionalInterface
    interface HelperMount {
        void mount(String fsType, String device, Path target, String options) throws MountHelperException;
    }

    private final Path root;
    private final Path projectIdFile;
    private final Predicate<String> needsHelper;
    private final NetworkAddresses.Resolver resolver;
    private final KernelMount kernel;
    private final HelperMount helper;
    /** Probed at the first question about quotas, not at start: the probe's native bindings cost ≈0.4 s here. */
    private Optional<ProjectQuota> quota;
    private int lastProjectId;

    SysMounter(Path root, Predicate<String> needsHelper, NetworkAddresses.Resolver resolver, KernelMount kernel,
               HelperMount helper) {
        this.root = root;
        this.projectIdFile = root.resolve(".projid");
        this.needsHelper = needsHelper;
        this.resolver = resolver;
        this.kernel = kernel;
        this.helper = helper;
    }

    static SysMounter of(Path root) {
        return new SysMounter(root, MountHelper::needsHelper, NetworkAddresses.Resolver.SYSTEM, LinuxMount::mount,
                MountHelper::mount);
    }

    private synchronized Optional<ProjectQuota> quota() {
        if (quota != null) {
            return quota;
        }
        Optional<ProjectQuota> q;
        try {
            Files.createDirectories(root);
            q = ProjectQuota.probe(root);
        } catch (IOException e) {
            log.warn("project quota probe of {} failed: {}", root, e.getMessage());
            q = Optional.empty();
        }
        int last = q.map(ProjectQuota::baseProjectId).orElse(0);
        try {
            if (Files.exists(projectIdFile)) {
                last = Math.max(last, Integer.parseInt(Files.readString(projectIdFile).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            log.warn("read {}: {}", projectIdFile, e.getMessage());
        }
        log.info("volume size limits {}", q.isPresent() ? "supported (project quotas)" : "not supported on " + root);
        lastProjectId = last;
        quota = q;
        return q;
    }

    @Override
    public void mount(LocalOptions o, String target) {
        if (o.device().isEmpty()) {
            throw new InternalException("missing device in volume options");
        }
        boolean viaHelper = needsHelper.test(o.type());
        // The device's host is left to mount.cifs, which resolves it itself; addr= is an address to every mount.
        NetworkAddresses.Resolved r = NetworkAddresses.resolve(o.type(), o.device(), o.mountOptions(), resolver,
                !viaHelper);
        if (viaHelper) {
            try {
                helper.mount(o.type(), r.device(), Path.of(target), r.options());
                return;
            } catch (MountHelperException e) {
                throw new InternalException("failed to mount local volume: mount " + r.device() + ":" + target + ": "
                        + e.getMessage().strip());
            }
        }
        MountOptions parsed = MountOptions.parse(r.options());
        try {
            kernel.mount(r.device(), target, o.type(), parsed.flags(), parsed.data());
        } catch (ErrnoException e) {
            StringBuilder msg = new StringBuilder("failed to mount local volume: mount ").append(r.device())
                    .append(':').append(target);
            if (parsed.flags() != 0) {
                msg.append(", flags: 0x").append(Long.toHexString(parsed.flags()));
            }
            if (!parsed.data().isEmpty()) {
                msg.append(", data: ").append(maskPassword(parsed.data(), o.mountOptions()));
            }
            msg.append(": ").append(ErrnoException.strerror(e.errno()));
            throw new InternalException(msg.toString());
        }
    }

    private static String maskPassword(String text, String options) {
        Matcher m = PASSWORD.matcher(options);
        if (m.find() && !m.group(1).isEmpty()) {
            return text.replace("password=" + m.group(1), "password=********");
        }
        return text;
    }

    @Override
    public void unmount(String target) {
        try {
            LinuxMount.unmount(target, 0);
        } catch (ErrnoException e) {
            try {
                if (!MountInfo.isMountPoint(Path.of(target))) {
                    return;
                }
                LinuxMount.unmount(target, LinuxMount.MNT_DETACH);
                log.warn("volume mount {} was busy; detached it", target);
            } catch (IOException e2) {
                throw new InternalException("unmount " + target + ": " + e2.getMessage());
            }
        }
    }

    @Override
    public boolean isMounted(String target) {
        try {
            return MountInfo.isMountPoint(Path.of(target));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean quotaSupported() {
        return quota().isPresent();
    }

    @Override
    public synchronized void applyQuota(Path dir, long bytes) {
        ProjectQuota q = quota().orElseThrow(
                () -> new InternalException("size quota requested for volume but no quota support"));
        try {
            int id = q.projectIdOf(dir);
            if (id == 0 || id == q.baseProjectId()) {
                id = ++lastProjectId;
                Path tmp = projectIdFile.resolveSibling(".projid.tmp");
                Files.writeString(tmp, Integer.toString(id));
                Files.move(tmp, projectIdFile, StandardCopyOption.ATOMIC_MOVE);
            }
            q.setLimit(dir, id, bytes);
        } catch (IOException e) {
            throw new InternalException("set size limit on " + dir + ": " + e.getMessage());
        }
    }
}
