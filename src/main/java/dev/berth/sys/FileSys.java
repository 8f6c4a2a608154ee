package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * File and process syscalls the JDK does not offer or offers only with lossy semantics: ownership and times of
 * symlinks themselves, extended attributes, device nodes, the setuid/setgid/sticky bits, statfs, lstat.
 * Calls on a path never follow a final symlink unless their name says otherwise ({@link #chmod}).
 * Stateless and thread-safe.
 */
public final class FileSys {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** lsetxattr flags: fail with EEXIST if the attribute exists / with ENODATA if it does not. */
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private static final MethodHandle LCHOWN = Native.downcall("lchown",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle LSETXATTR = Native.downcall("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LGETXATTR = Native.downcall("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle LLISTXATTR = Native.downcall("llistxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle MKNOD = Native.downcall("mknod",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle UTIMENSAT = Native.downcall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CHMOD = Native.downcall("chmod",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STATFS = Native.downcall("statfs",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LSTAT = Native.downcall("lstat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle KILL = Native.downcall("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle COPY_FILE_RANGE = Native.downcall("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle GETUID = Native.downcallNoErrno("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = Native.downcallNoErrno("geteuid", FunctionDescriptor.of(JAVA_INT));

    private FileSys() {
    }

    /** lchown(2): changes the owner of {@code p} itself, never a symlink's target. -1 leaves an id unchanged. */
    public static void lchown(Path p, int uid, int gid) throws ErrnoException {
        Native.call("lchown", p.toString(), (arena, errno) ->
                (int) LCHOWN.invokeExact(errno, Native.cString(arena, p.toString()), uid, gid));
    }

    /** lsetxattr(2) creating or replacing the attribute. */
    public static void lsetxattr(Path p, String name, byte[] value) throws ErrnoException {
        lsetxattr(p, name, value, 0);
    }

    /** lsetxattr(2) with {@link #XATTR_CREATE} or {@link #XATTR_REPLACE}. */
    public static void lsetxattr(Path p, String name, byte[] value, int flags) throws ErrnoException {
        Native.call("lsetxattr", p.toString(), (arena, errno) -> {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            return (int) LSETXATTR.invokeExact(errno, Native.cString(arena, p.toString()),
                    Native.cString(arena, name), v, (long) value.length, flags);
        });
    }

    /** lgetxattr(2); an absent attribute is an {@link ErrnoException} with {@link Errno#ENODATA}. */
    public static byte[] lgetxattr(Path p, String name) throws ErrnoException {
        String path = p.toString();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Native.cString(arena, path);
            MemorySegment cName = Native.cString(arena, name);
            while (true) {
                long size = Native.call(arena, "lgetxattr", path, errno ->
                        (long) LGETXATTR.invokeExact(errno, cPath, cName, MemorySegment.NULL, 0L));
                MemorySegment buf = arena.allocate(Math.max(1, size));
                try {
                    long n = Native.call(arena, "lgetxattr", path, errno ->
                            (long) LGETXATTR.invokeExact(errno, cPath, cName, buf, size));
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ERANGE) {
                        throw e;
                    }
                    // The value grew between the two calls; ask for its size again.
                }
            }
        }
    }

    /** llistxattr(2): the names of all extended attributes of {@code p} itself, in the kernel's order. */
    public static List<String> llistxattr(Path p) throws ErrnoException {
        String path = p.toString();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Native.cString(arena, path);
            while (true) {
                long size = Native.call(arena, "llistxattr", path, errno ->
                        (long) LLISTXATTR.invokeExact(errno, cPath, MemorySegment.NULL, 0L));
                if (size == 0) {
                    return List.of();
                }
                MemorySegment buf = arena.allocate(size);
                try {
                    long n = Native.call(arena, "llistxattr", path, errno ->
                            (long) LLISTXATTR.invokeExact(errno, cPath, buf, size));
                    return splitNulTerminated(buf.asSlice(0, n).toArray(JAVA_BYTE));
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ERANGE) {
                        throw e;
                    }
                }
            }
        }
    }

    private static List<String> splitNulTerminated(byte[] bytes) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return List.copyOf(names);
    }

    /**
     * mknod(2). {@code mode} carries the type ({@link #S_IFCHR}, {@link #S_IFBLK}, {@link #S_IFIFO},
     * {@link #S_IFSOCK}, {@link #S_IFREG}) and permission bits (the umask applies); a character device 0:0 is an
     * overlayfs whiteout.
     */
    public static void mknod(Path p, int mode, int major, int minor) throws ErrnoException {
        long dev = makedev(major, minor);
        Native.call("mknod", p.toString(), (arena, errno) ->
                (int) MKNOD.invokeExact(errno, Native.cString(arena, p.toString()), mode, dev));
    }

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW: sets access and modification times of {@code p} itself. */
    public static void utimesNoFollow(Path p, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec)
            throws ErrnoException {
        Native.call("utimensat", p.toString(), (arena, errno) -> {
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 0, atimeSec);
            times.setAtIndex(JAVA_LONG, 1, atimeNsec);
            times.setAtIndex(JAVA_LONG, 2, mtimeSec);
            times.setAtIndex(JAVA_LONG, 3, mtimeNsec);
            return (int) UTIMENSAT.invokeExact(errno, AT_FDCWD, Native.cString(arena, p.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
        });
    }

    /**
     * chmod(2) with all twelve mode bits, so setuid, setgid and sticky survive (Files.setPosixFilePermissions
     * drops them). Follows symlinks, as Linux cannot change a symlink's mode.
     */
    public static void chmod(Path p, int mode) throws ErrnoException {
        Native.call("chmod", p.toString(), (arena, errno) ->
                (int) CHMOD.invokeExact(errno, Native.cString(arena, p.toString()), mode & 07777));
    }

    /** fsync(2) of a file or directory (a directory fsync makes its entries durable). */
    public static void fsync(Path fileOrDir) throws ErrnoException {
        try (Fd fd = Fd.open(fileOrDir, Fd.O_RDONLY, 0)) {
            fd.fsync();
        }
    }

    public static StatFs statfs(Path p) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(StatFs.LAYOUT);
            MemorySegment cPath = Native.cString(arena, p.toString());
            Native.call(arena, "statfs", p.toString(), errno -> (int) STATFS.invokeExact(errno, cPath, buf));
            return StatFs.read(buf);
        }
    }

    /** lstat(2): the file itself, a symlink is not followed. */
    public static Stat lstat(Path p) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Stat.LAYOUT);
            MemorySegment cPath = Native.cString(arena, p.toString());
            Native.call(arena, "lstat", p.toString(), errno -> (int) LSTAT.invokeExact(errno, cPath, buf));
            return Stat.read(buf);
        }
    }

    /** The major number of a {@code dev_t} (glibc's encoding: 12 bits in 8..19 plus the bits above 32). */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    public static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfff) << 8) | ((ma & ~0xfffL) << 32) | (mi & 0xff) | ((mi & ~0xffL) << 12);
    }

    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** kill(2); the exception's path is the pid. Signal 0 only checks that the process exists. */
    public static void kill(int pid, int signal) throws ErrnoException {
        Native.call("kill", Integer.toString(pid), (arena, errno) -> (int) KILL.invokeExact(errno, pid, signal));
    }

    /**
     * copy_file_range(2) from the current offset of {@code fdIn} to that of {@code fdOut}, advancing both; returns
     * the bytes copied (0 at end of input, possibly fewer than asked). EXDEV, EINVAL, ENOSYS or EOPNOTSUPP mean
     * the filesystems cannot do it and the caller should copy by hand.
     */
    public static long copyFileRange(int fdIn, int fdOut, long len) throws ErrnoException {
        return Native.call("copy_file_range", null, (arena, errno) -> (long) COPY_FILE_RANGE.invokeExact(errno,
                fdIn, MemorySegment.NULL, fdOut, MemorySegment.NULL, len, 0));
    }
}
