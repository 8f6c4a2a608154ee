package dev.berth.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The fields of {@code struct statfs}: the filesystem {@code type} magic (compare with the constants here),
 * sizes in {@code blockSize} units and the {@code ST_*} mount {@code flags}. Immutable and thread-safe.
 */
public record StatFs(long type, long blockSize, long blocks, long blocksFree, long blocksAvailable, long files,
                     long filesFree, long flags) {
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long XFS_SUPER_MAGIC = 0x58465342L;
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
    public static final long OVERLAYFS_SUPER_MAGIC = 0x794c7630L;
    public static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    public static final long NFS_SUPER_MAGIC = 0x6969L;
    public static final long FUSE_SUPER_MAGIC = 0x65735546L;

    /** x86_64 {@code struct statfs} (all fields 64-bit there): 120 bytes. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            JAVA_LONG.withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_flags"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("f_spare"));

    private static final long F_TYPE = off("f_type");
    private static final long F_BSIZE = off("f_bsize");
    private static final long F_BLOCKS = off("f_blocks");
    private static final long F_BFREE = off("f_bfree");
    private static final long F_BAVAIL = off("f_bavail");
    private static final long F_FILES = off("f_files");
    private static final long F_FFREE = off("f_ffree");
    private static final long F_FLAGS = off("f_flags");

    static StatFs read(MemorySegment s) {
        return new StatFs(s.get(JAVA_LONG, F_TYPE), s.get(JAVA_LONG, F_BSIZE),
                s.get(JAVA_LONG, F_BLOCKS), s.get(JAVA_LONG, F_BFREE),
                s.get(JAVA_LONG, F_BAVAIL), s.get(JAVA_LONG, F_FILES),
                s.get(JAVA_LONG, F_FFREE), s.get(JAVA_LONG, F_FLAGS));
    }

    private static long off(String field) {
        return LAYOUT.byteOffset(groupElement(field));
    }
}
