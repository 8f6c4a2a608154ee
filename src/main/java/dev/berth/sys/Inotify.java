package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One non-blocking inotify instance, read by polling: {@link #poll} returns the events queued so far without
 * waiting. Unlike {@link java.nio.file.WatchService} (whose own thread reads the events at some later moment), a
 * caller that polls knows it has seen every change made before the poll. Thread-safe.
 */
public final class Inotify implements AutoCloseable {

    public static final int IN_MODIFY = 0x2;
    public static final int IN_ATTRIB = 0x4;
    public static final int IN_MOVED_FROM = 0x40;
    public static final int IN_MOVED_TO = 0x80;
    public static final int IN_CREATE = 0x100;
    public static final int IN_DELETE = 0x200;
    public static final int IN_DELETE_SELF = 0x400;
    public static final int IN_MOVE_SELF = 0x800;
    /** The kernel's queue overflowed: events were lost (the event's watch is -1). */
    public static final int IN_Q_OVERFLOW = 0x4000;
    /** The watch is gone (its directory was deleted or unmounted, or it was removed). */
    public static final int IN_IGNORED = 0x8000;
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_DONT_FOLLOW = 0x02000000;

    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CLOEXEC = 02000000;
    private static final int HEADER = 16; // int wd, uint32 mask, uint32 cookie, uint32 len; then len name bytes
    private static final int BUFFER = 64 * 1024;

    private static final MethodHandle INIT1 = Native.downcall("inotify_init1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_WATCH = Native.downcall("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RM_WATCH = Native.downcall("inotify_rm_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Native.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** One event: the watch it came from and what happened (the entry's name is not kept). */
    public record Event(int watch, int mask) {
        public boolean is(int flag) {
            return (mask & flag) != 0;
        }
    }

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object reading = new Object();

    private Inotify(int fd) {
        this.fd = fd;
    }

    public static Inotify open() throws ErrnoException {
        return new Inotify((int) Native.call("inotify_init1", null, (arena, errno) ->
                (int) INIT1.invokeExact(errno, IN_NONBLOCK | IN_CLOEXEC)));
    }

    /** Watches {@code dir} for {@code mask}; returns the watch (the same one when the inode is watched already). */
    public int addWatch(Path dir, int mask) throws ErrnoException {
        String path = dir.toString();
        return (int) Native.call("inotify_add_watch", path, (arena, errno) ->
                (int) ADD_WATCH.invokeExact(errno, fd, Native.cString(arena, path), mask));
    }

    /** Stops a watch; one that is gone already is fine. */
    public void removeWatch(int watch) {
        try {
            Native.call("inotify_rm_watch", null, (arena, errno) -> (int) RM_WATCH.invokeExact(errno, fd, watch));
        } catch (ErrnoException e) {
            // EINVAL: the watch ended meanwhile (IN_IGNORED is queued)
        }
    }

    /** The events queued now, in order; empty when there are none. Never blocks. */
    public List<Event> poll() throws ErrnoException {
        List<Event> out = new ArrayList<>();
        synchronized (reading) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(BUFFER, 8);
                while (true) {
                    long n;
                    try {
                        n = Native.callRestarting(arena, "read", "inotify", errno ->
                                (long) READ.invokeExact(errno, fd, buf, (long) BUFFER));
                    } catch (ErrnoException e) {
                        if (e.errno() == Errno.EAGAIN) {
                            return out;
                        }
                        throw e;
                    }
                    for (long off = 0; off + HEADER <= n; ) {
                        int wd = buf.get(JAVA_INT, off);
                        int mask = buf.get(JAVA_INT, off + 4);
                        int len = buf.get(JAVA_INT, off + 12);
                        out.add(new Event(wd, mask));
                        off += HEADER + len;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Native.call("close", null, (arena, errno) -> (int) CLOSE.invokeExact(errno, fd));
            } catch (ErrnoException e) {
                // nothing to do about a failed close
            }
        }
    }
}
