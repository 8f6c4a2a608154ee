package dev.berth.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The fields of {@code struct stat} berth uses. {@code mode} holds the file type ({@link FileSys#S_IFMT} bits)
 * and the permission bits including setuid, setgid and sticky. Immutable and thread-safe.
 */
public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blocks,
                   long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    /** x86_64 {@code struct stat} (glibc and kernel agree on it there): 144 bytes. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("st_rdev"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"),
            JAVA_LONG.withName("st_blocks"),
            JAVA_LONG.withName("st_atime"),
            JAVA_LONG.withName("st_atime_nsec"),
            JAVA_LONG.withName("st_mtime"),
            JAVA_LONG.withName("st_mtime_nsec"),
            JAVA_LONG.withName("st_ctime"),
            JAVA_LONG.withName("st_ctime_nsec"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("reserved"));

    private static final long ST_DEV = off("st_dev");
    private static final long ST_INO = off("st_ino");
    private static final long ST_MODE = off("st_mode");
    private static final long ST_NLINK = off("st_nlink");
    private static final long ST_UID = off("st_uid");
    private static final long ST_GID = off("st_gid");
    private static final long ST_RDEV = off("st_rdev");
    private static final long ST_SIZE = off("st_size");
    private static final long ST_BLOCKS = off("st_blocks");
    private static final long ST_ATIME = off("st_atime");
    private static final long ST_ATIME_NSEC = off("st_atime_nsec");
    private static final long ST_MTIME = off("st_mtime");
    private static final long ST_MTIME_NSEC = off("st_mtime_nsec");
    private static final long ST_CTIME = off("st_ctime");
    private static final long ST_CTIME_NSEC = off("st_ctime_nsec");

    static Stat read(MemorySegment s) {
        return new Stat(s.get(JAVA_LONG, ST_DEV), s.get(JAVA_LONG, ST_INO),
                s.get(JAVA_INT, ST_MODE), s.get(JAVA_LONG, ST_NLINK),
                s.get(JAVA_INT, ST_UID), s.get(JAVA_INT, ST_GID), s.get(JAVA_LONG, ST_RDEV),
                s.get(JAVA_LONG, ST_SIZE), s.get(JAVA_LONG, ST_BLOCKS),
                s.get(JAVA_LONG, ST_ATIME), s.get(JAVA_LONG, ST_ATIME_NSEC),
                s.get(JAVA_LONG, ST_MTIME), s.get(JAVA_LONG, ST_MTIME_NSEC),
                s.get(JAVA_LONG, ST_CTIME), s.get(JAVA_LONG, ST_CTIME_NSEC));
    }

    private static long off(String field) {
        return LAYOUT.byteOffset(groupElement(field));
    }

    /** The file type bits, one of {@link FileSys#S_IFREG}, {@link FileSys#S_IFDIR}, ... */
    public int type() {
        return mode & FileSys.S_IFMT;
    }

    /** The permission bits including setuid (04000), setgid (02000) and sticky (01000). */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == FileSys.S_IFDIR;
    }

    public boolean isSymlink() {
        return type() == FileSys.S_IFLNK;
    }

    /** The major number of the device this node stands for (character and block devices). */
    public int rdevMajor() {
        return FileSys.major(rdev);
    }

    public int rdevMinor() {
        return FileSys.minor(rdev);
    }

    public boolean isRegularFile() {
        return type() == FileSys.S_IFREG;
    }
}
