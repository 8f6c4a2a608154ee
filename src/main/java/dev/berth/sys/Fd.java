package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An owned file descriptor, opened with {@code O_CLOEXEC} always (berth spawns runc and conmon, which must not
 * inherit it). {@link #openat2} resolves a path beneath this descriptor with the kernel's RESOLVE_* rules, the
 * race-free way to follow a user's subpath; {@link #procPath()} names the open file for mount(2) and friends.
 * Thread-safe except that {@link #close()} must not race with other calls on the same instance.
 */
public final class Fd implements AutoCloseable {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int AT_FDCWD = -100;

    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;
    public static final long RESOLVE_CACHED = 0x20;

    private static final long SYS_OPENAT2 = 437;
    // RESOLVE_BENEATH/IN_ROOT answer EAGAIN when a concurrent rename might have let ".." escape; retrying is safe.
    private static final int EAGAIN_RETRIES = 64;

    /** {@code struct open_how} of openat2(2): 24 bytes, three u64. */
    static final StructLayout OPEN_HOW = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_LONG.withName("resolve"));

    private static final MethodHandle OPENAT = Native.downcallVariadic("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    private static final MethodHandle SYSCALL_OPENAT2 = Native.downcallVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), 1);
    private static final MethodHandle CLOSE = Native.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FSTAT = Native.downcall("fstat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle FSYNC = Native.downcall("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FSTATAT = Native.downcall("fstatat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle WRITE = Native.downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FCHOWN = Native.downcall("fchown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCHMOD = Native.downcall("fchmod",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FUTIMENS = Native.downcall("futimens",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle FSETXATTR = Native.downcall("fsetxattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final MethodHandle IOCTL = Native.downcallVariadic("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);

    private final int fd;
    private final String path;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Fd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** open(2) of {@code p} relative to the working directory; {@code mode} matters only with O_CREAT. */
    public static Fd open(Path p, int flags, int mode) throws ErrnoException {
        return openat(AT_FDCWD, p.toString(), p.toString(), flags, mode);
    }

    /** openat(2) of {@code relPath} relative to this directory (an absolute path ignores it, as in the kernel). */
    public Fd openat(String relPath, int flags, int mode) throws ErrnoException {
        return openat(fd, relPath, child(relPath), flags, mode);
    }

    private static Fd openat(int dirFd, String relPath, String description, int flags, int mode)
            throws ErrnoException {
        int newFd = (int) Native.call("openat", description, (arena, errno) -> (int) OPENAT.invokeExact(errno,
                dirFd, Native.cString(arena, relPath), flags | O_CLOEXEC, mode));
        return new Fd(newFd, description);
    }

    /**
     * openat2(2) (Linux 5.6+, called through syscall(2) since glibc has no wrapper) of {@code relPath} under this
     * directory. With {@link #RESOLVE_BENEATH} a path that would leave the directory ("..", an absolute symlink)
     * fails with EXDEV; {@link #RESOLVE_NO_SYMLINKS} rejects any symlink with ELOOP; a kernel without openat2
     * gives ENOSYS.
     */
    public Fd openat2(String relPath, long flags, long mode, long resolve) throws ErrnoException {
        String description = child(relPath);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(OPEN_HOW);
            how.set(JAVA_LONG, 0, flags | O_CLOEXEC);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            MemorySegment cPath = Native.cString(arena, relPath);
            for (int attempt = 0; ; attempt++) {
                try {
                    long newFd = Native.call(arena, "openat2", description, errno -> (long) SYSCALL_OPENAT2
                            .invokeExact(errno, SYS_OPENAT2, (long) fd, cPath, how, OPEN_HOW.byteSize()));
                    return new Fd((int) newFd, description);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EAGAIN || attempt == EAGAIN_RETRIES) {
                        throw e;
                    }
                }
            }
        }
    }

    private String child(String relPath) {
        return relPath.startsWith("/") ? relPath : path + "/" + relPath;
    }

    /** The descriptor number; valid until {@link #close()}. */
    public int fd() {
        return fd;
    }

    /** {@code "/proc/self/fd/<n>"}: a path to exactly this open file, usable as a mount source or target. */
    public String procPath() {
        return "/proc/self/fd/" + fd;
    }

    /** The path this descriptor was opened by (for messages; it may have been renamed since). */
    public String path() {
        return path;
    }

    public Stat fstat() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Stat.LAYOUT);
            Native.call(arena, "fstat", path, errno -> (int) FSTAT.invokeExact(errno, fd, buf));
            return Stat.read(buf);
        }
    }

    /** fstatat(2) of {@code name} in this directory, not following a final symlink (no path walk through /proc). */
    public Stat lstatAt(String name) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Stat.LAYOUT);
            MemorySegment cName = Native.cString(arena, name);
            Native.call(arena, "lstat", child(name), errno -> (int) FSTATAT.invokeExact(errno, fd, cName, buf,
                    AT_SYMLINK_NOFOLLOW));
            return Stat.read(buf);
        }
    }

    /** write(2) of all {@code length} bytes of {@code buf} (native memory), however many calls that takes. */
    public void writeFully(MemorySegment buf, long length) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            long done = 0;
            while (done < length) {
                long off = done;
                done += Native.callRestarting(arena, "write", path, errno -> (long) WRITE.invokeExact(errno, fd,
                        buf.asSlice(off), length - off));
            }
        }
    }

    /** fchown(2); -1 leaves an id unchanged. */
    public void chown(int uid, int gid) throws ErrnoException {
        Native.call("fchown", path, (arena, errno) -> (int) FCHOWN.invokeExact(errno, fd, uid, gid));
    }

    /** fchmod(2) with all twelve mode bits (not on an O_PATH descriptor). */
    public void chmod(int mode) throws ErrnoException {
        Native.call("fchmod", path, (arena, errno) -> (int) FCHMOD.invokeExact(errno, fd, mode & 07777));
    }

    /** futimens(2): access and modification times. */
    public void setTimes(long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) throws ErrnoException {
        Native.call("futimens", path, (arena, errno) -> {
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 0, atimeSec);
            times.setAtIndex(JAVA_LONG, 1, atimeNsec);
            times.setAtIndex(JAVA_LONG, 2, mtimeSec);
            times.setAtIndex(JAVA_LONG, 3, mtimeNsec);
            return (int) FUTIMENS.invokeExact(errno, fd, times);
        });
    }

    /** fsetxattr(2), creating or replacing the attribute. */
    public void setXattr(String name, byte[] value) throws ErrnoException {
        Native.call("fsetxattr", path, (arena, errno) -> {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            return (int) FSETXATTR.invokeExact(errno, fd, Native.cString(arena, name), v, (long) value.length, 0);
        });
    }

    public void fsync() throws ErrnoException {
        Native.call("fsync", path, (arena, errno) -> (int) FSYNC.invokeExact(errno, fd));
    }

    /** ioctl(2) with a pointer argument, for the struct-passing requests in this package. */
    void ioctl(long request, MemorySegment arg) throws ErrnoException {
        Native.call("ioctl", path, (arena, errno) -> (int) IOCTL.invokeExact(errno, fd, request, arg));
    }

    /** Closes the descriptor once; later calls do nothing. A close error is ignored: the fd is gone either way. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(fd);
        }
    }

    static void closeQuietly(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            Native.call(arena, "close", null, errno -> (int) CLOSE.invokeExact(errno, fd));
        } catch (ErrnoException ignored) {
            // Linux releases the descriptor even when close reports an error, so there is nothing to retry.
        }
    }

    @Override
    public String toString() {
        return "Fd[" + fd + " " + path + "]";
    }
}
