package dev.berth.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * mount(2) and umount2(2), with the MS_* and MNT_* constants of {@code <sys/mount.h>}. Errors name the target:
 * {@code "mount /x: no such file or directory"}, {@code "umount2 /x: invalid argument"}.
 * Stateless and thread-safe (the mount table itself is of course shared by the whole mount namespace).
 */
public final class LinuxMount {
    public static final long MS_RDONLY = 0x1;
    public static final long MS_NOSUID = 0x2;
    public static final long MS_NODEV = 0x4;
    public static final long MS_NOEXEC = 0x8;
    public static final long MS_SYNCHRONOUS = 0x10;
    public static final long MS_REMOUNT = 0x20;
    public static final long MS_MANDLOCK = 0x40;
    public static final long MS_DIRSYNC = 0x80;
    public static final long MS_NOSYMFOLLOW = 0x100;
    public static final long MS_NOATIME = 0x400;
    public static final long MS_NODIRATIME = 0x800;
    public static final long MS_BIND = 0x1000;
    public static final long MS_MOVE = 0x2000;
    public static final long MS_REC = 0x4000;
    public static final long MS_SILENT = 0x8000;
    public static final long MS_POSIXACL = 0x10000;
    public static final long MS_UNBINDABLE = 0x20000;
    public static final long MS_PRIVATE = 0x40000;
    public static final long MS_SLAVE = 0x80000;
    public static final long MS_SHARED = 0x100000;
    public static final long MS_RELATIME = 0x200000;
    public static final long MS_STRICTATIME = 0x1000000;
    public static final long MS_LAZYTIME = 0x2000000;

    public static final int MNT_FORCE = 0x1;
    public static final int MNT_DETACH = 0x2;
    public static final int MNT_EXPIRE = 0x4;
    public static final int UMOUNT_NOFOLLOW = 0x8;

    private static final long PROPAGATION_FLAGS = MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE;

    private static final MethodHandle MOUNT = Native.downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = Native.downcall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private LinuxMount() {
    }

    /** mount(2). {@code source}, {@code fsType} and {@code data} may be null (bind, remount and propagation). */
    public static void mount(String source, String target, String fsType, long flags, String data)
            throws ErrnoException {
        Native.call("mount", target, (arena, errno) -> (int) MOUNT.invokeExact(errno,
                Native.cString(arena, source), Native.cString(arena, target), Native.cString(arena, fsType),
                flags, Native.cString(arena, data)));
    }

    /** umount2(2) with {@code MNT_*}/{@code UMOUNT_NOFOLLOW} flags; a path that is no mount point gives EINVAL. */
    public static void unmount(String target, int flags) throws ErrnoException {
        Native.call("umount2", target, (arena, errno) ->
                (int) UMOUNT2.invokeExact(errno, Native.cString(arena, target), flags));
    }

    /** A bind mount of {@code source} on {@code target}; {@code recursive} also binds the mounts below source. */
    public static void bind(String source, String target, boolean recursive) throws ErrnoException {
        mount(source, target, null, MS_BIND | (recursive ? MS_REC : 0), null);
    }

    /**
     * Changes the propagation type of the mount at {@code target} to one of {@link #MS_SHARED},
     * {@link #MS_SLAVE}, {@link #MS_PRIVATE} or {@link #MS_UNBINDABLE}; {@code recursive} applies it to every
     * mount below as well ({@code MS_REC}).
     */
    public static void setPropagation(String target, long propagationFlag, boolean recursive)
            throws ErrnoException {
        if (Long.bitCount(propagationFlag) != 1 || (propagationFlag & PROPAGATION_FLAGS) == 0) {
            throw new IllegalArgumentException("not a single propagation flag: 0x" + Long.toHexString(propagationFlag));
        }
        mount(null, target, null, propagationFlag | (recursive ? MS_REC : 0), null);
    }
}
