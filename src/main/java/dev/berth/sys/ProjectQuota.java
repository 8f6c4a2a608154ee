package dev.berth.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Size limits for directory trees through filesystem project quotas (Docker's local volume {@code size} option):
 * a directory gets a project id that its new children inherit, and the project gets a hard block limit. Works on
 * XFS mounted with {@code prjquota}/{@code pquota} (XFS quotactl commands) and on ext4 with the {@code project}
 * feature mounted with {@code prjquota} (generic quotactl commands). quotactl(2) names a filesystem by a block
 * device, so, as Docker does, {@link #probe} creates a node {@code backingFsBlockDev} for the device of the base
 * directory inside it. Immutable and thread-safe.
 */
public final class ProjectQuota {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectQuota.class);
    static final String DEVICE_NODE = "backingFsBlockDev";

    private static final int PRJQUOTA = 2;
    private static final int Q_GETQUOTA = 0x800007;
    private static final int Q_SETQUOTA = 0x800008;
    private static final int Q_XSETQLIM = 0x5804;
    private static final int Q_XGETQUOTA = 0x5803;
    private static final int QIF_BLIMITS = 1;
    private static final int QIF_DQBLKSIZE = 1024;
    private static final int FS_DQUOT_VERSION = 1;
    private static final int FS_PROJ_QUOTA = 2;
    private static final int FS_DQ_BSOFT = 4;
    private static final int FS_DQ_BHARD = 8;
    private static final int XFS_BASIC_BLOCK = 512;
    private static final long FS_IOC_FSGETXATTR = 0x801c581fL;
    private static final long FS_IOC_FSSETXATTR = 0x401c5820L;
    private static final int FS_XFLAG_PROJINHERIT = 0x200;

    /** {@code struct fs_disk_quota} of linux/dqblk_xfs.h: 112 bytes; block counts in 512-byte basic blocks. */
    static final StructLayout FS_DISK_QUOTA = MemoryLayout.structLayout(
            JAVA_BYTE.withName("d_version"), JAVA_BYTE.withName("d_flags"), JAVA_SHORT.withName("d_fieldmask"),
            JAVA_INT.withName("d_id"), JAVA_LONG.withName("d_blk_hardlimit"),
            JAVA_LONG.withName("d_blk_softlimit"), JAVA_LONG.withName("d_ino_hardlimit"),
            JAVA_LONG.withName("d_ino_softlimit"), JAVA_LONG.withName("d_bcount"), JAVA_LONG.withName("d_icount"),
            MemoryLayout.sequenceLayout(56, JAVA_BYTE).withName("timers_warnings_and_rt"));
    /** {@code struct if_dqblk} of linux/quota.h: 72 bytes; limits in 1 KiB blocks, usage in bytes. */
    static final StructLayout IF_DQBLK = MemoryLayout.structLayout(
            JAVA_LONG.withName("dqb_bhardlimit"), JAVA_LONG.withName("dqb_bsoftlimit"),
            JAVA_LONG.withName("dqb_curspace"), JAVA_LONG.withName("dqb_ihardlimit"),
            JAVA_LONG.withName("dqb_isoftlimit"), JAVA_LONG.withName("dqb_curinodes"),
            JAVA_LONG.withName("dqb_btime"), JAVA_LONG.withName("dqb_itime"), JAVA_INT.withName("dqb_valid"),
            MemoryLayout.paddingLayout(4));
    /** {@code struct fsxattr} of linux/fs.h: 28 bytes. */
    static final StructLayout FSXATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("fsx_xflags"), JAVA_INT.withName("fsx_extsize"), JAVA_INT.withName("fsx_nextents"),
            JAVA_INT.withName("fsx_projid"), JAVA_INT.withName("fsx_cowextsize"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("fsx_pad"));

    private static final MethodHandle QUOTACTL = Native.downcall("quotactl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));

    private final boolean xfs;
    private final String device;
    private final int baseProjectId;

    private ProjectQuota(boolean xfs, String device, int baseProjectId) {
        this.xfs = xfs;
        this.device = device;
        this.baseProjectId = baseProjectId;
    }

    /**
     * Project quota control for the filesystem of {@code baseDir}, or empty when that filesystem does not enforce
     * project quotas (checked by reading the quota of the base directory's project). Leaves the device node
     * {@code baseDir/backingFsBlockDev} behind when quotas work.
     */
    public static Optional<ProjectQuota> probe(Path baseDir) throws IOException {
        boolean xfs = FileSys.statfs(baseDir).type() == StatFs.XFS_SUPER_MAGIC;
        Stat stat = FileSys.lstat(baseDir);
        Path node = baseDir.resolve(DEVICE_NODE);
        // Always recreate: a node left from an earlier run may name the device of another filesystem.
        Files.deleteIfExists(node);
        try {
            FileSys.mknod(node, FileSys.S_IFBLK | 0600, FileSys.major(stat.dev()), FileSys.minor(stat.dev()));
            ProjectQuota quota = new ProjectQuota(xfs, node.toString(), readProjectId(baseDir));
            try {
                quota.usedBytes(quota.baseProjectId);
            } catch (ErrnoException e) {
                // XFS answers ENOENT for a project it holds no record of yet, which still means quotas are on.
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
            return Optional.of(quota);
        } catch (ErrnoException e) {
            // ESRCH (quotas off), ENOSYS/ENOTTY/EOPNOTSUPP (no support), EPERM (nodev mount): no quota here.
            Files.deleteIfExists(node);
            LOG.debug("no project quota support under {}: {}", baseDir, e.getMessage());
            return Optional.empty();
        }
    }

    /** The project id of the base directory; ids above it are free for volumes (Docker starts at base + 1). */
    public int baseProjectId() {
        return baseProjectId;
    }

    /** The block device node quotactl(2) is pointed at. */
    public String device() {
        return device;
    }

    /**
     * Puts {@code dir} into project {@code projectId} with the inherit flag (new files and directories below join
     * it) and gives the project a hard and soft limit of {@code bytes}; 0 removes the limit.
     */
    public void setLimit(Path dir, int projectId, long bytes) throws ErrnoException {
        assignProjectId(dir, projectId);
        try (Arena arena = Arena.ofConfined()) {
            if (xfs) {
                MemorySegment d = arena.allocate(FS_DISK_QUOTA);
                d.set(JAVA_BYTE, off(FS_DISK_QUOTA, "d_version"), (byte) FS_DQUOT_VERSION);
                d.set(JAVA_BYTE, off(FS_DISK_QUOTA, "d_flags"), (byte) FS_PROJ_QUOTA);
                d.set(JAVA_SHORT, off(FS_DISK_QUOTA, "d_fieldmask"), (short) (FS_DQ_BHARD | FS_DQ_BSOFT));
                d.set(JAVA_INT, off(FS_DISK_QUOTA, "d_id"), projectId);
                long blocks = Math.ceilDiv(bytes, XFS_BASIC_BLOCK);
                d.set(JAVA_LONG, off(FS_DISK_QUOTA, "d_blk_hardlimit"), blocks);
                d.set(JAVA_LONG, off(FS_DISK_QUOTA, "d_blk_softlimit"), blocks);
                quotactl(arena, Q_XSETQLIM, projectId, d);
            } else {
                MemorySegment d = arena.allocate(IF_DQBLK);
                long blocks = Math.ceilDiv(bytes, QIF_DQBLKSIZE);
                d.set(JAVA_LONG, off(IF_DQBLK, "dqb_bhardlimit"), blocks);
                d.set(JAVA_LONG, off(IF_DQBLK, "dqb_bsoftlimit"), blocks);
                d.set(JAVA_INT, off(IF_DQBLK, "dqb_valid"), QIF_BLIMITS);
                quotactl(arena, Q_SETQUOTA, projectId, d);
            }
        }
    }

    /** The project id of {@code dir} (0 when it has none). */
    public int projectIdOf(Path dir) throws ErrnoException {
        return readProjectId(dir);
    }

    /** The bytes charged to project {@code projectId}. */
    public long usedBytes(int projectId) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            if (xfs) {
                MemorySegment d = arena.allocate(FS_DISK_QUOTA);
                quotactl(arena, Q_XGETQUOTA, projectId, d);
                return d.get(JAVA_LONG, off(FS_DISK_QUOTA, "d_bcount")) * XFS_BASIC_BLOCK;
            }
            MemorySegment d = arena.allocate(IF_DQBLK);
            quotactl(arena, Q_GETQUOTA, projectId, d);
            return d.get(JAVA_LONG, off(IF_DQBLK, "dqb_curspace"));
        }
    }

    private void quotactl(Arena arena, int command, int id, MemorySegment data) throws ErrnoException {
        int cmd = (command << 8) | PRJQUOTA; // QCMD(command, PRJQUOTA)
        MemorySegment cDevice = Native.cString(arena, device);
        Native.call(arena, "quotactl", device, errno -> (int) QUOTACTL.invokeExact(errno, cmd, cDevice, id, data));
    }

    /** FS_IOC_FSGETXATTR: the project id of {@code dir}. */
    static int readProjectId(Path dir) throws ErrnoException {
        try (Fd fd = Fd.open(dir, Fd.O_RDONLY | Fd.O_DIRECTORY, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(FSXATTR);
            fd.ioctl(FS_IOC_FSGETXATTR, attr);
            return attr.get(JAVA_INT, off(FSXATTR, "fsx_projid"));
        }
    }

    /** FS_IOC_FSSETXATTR: sets the project id of {@code dir} and the flag that makes new children inherit it. */
    static void assignProjectId(Path dir, int projectId) throws ErrnoException {
        try (Fd fd = Fd.open(dir, Fd.O_RDONLY | Fd.O_DIRECTORY, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(FSXATTR);
            fd.ioctl(FS_IOC_FSGETXATTR, attr);
            long flags = off(FSXATTR, "fsx_xflags");
            attr.set(JAVA_INT, flags, attr.get(JAVA_INT, flags) | FS_XFLAG_PROJINHERIT);
            attr.set(JAVA_INT, off(FSXATTR, "fsx_projid"), projectId);
            fd.ioctl(FS_IOC_FSSETXATTR, attr);
        }
    }

    private static long off(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
