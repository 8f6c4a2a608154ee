package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The client end of an {@code AF_UNIX}/{@code SOCK_SEQPACKET} socket, such as conmon's attach socket: every
 * write is one message and every read returns at most one. Blocking.
 * <p>Thread safety: one thread may read while another writes; {@link #close()} may be called from any thread, and
 * wakes a blocked reader (which then sees end of stream). The descriptor is released only when no call is using
 * it any more, so a racing close can never make a read hit a reused descriptor number.
 */
public final class UnixSeqpacket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    /** {@code struct sockaddr_un}: a u16 family and 108 path bytes, 110 bytes. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    private static final MethodHandle SOCKET = Native.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CONNECT = Native.downcall("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = Native.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SEND = Native.downcall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Native.downcall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private final int fd;
    private final String path;
    // One reference for the owner plus one per call in progress; the descriptor is closed at zero.
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixSeqpacket(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Connects to the socket at {@code socketPath}. A path longer than the 107 bytes {@code sun_path} can hold is
     * reached through its directory: the directory is opened with O_PATH and the socket is addressed as
     * {@code /proc/self/fd/<dirfd>/<name>}, which the kernel resolves like any path (conmon's sockets live
     * deep under the runtime directory, beyond the limit).
     */
    public static UnixSeqpacket connect(Path socketPath) throws ErrnoException {
        String path = socketPath.toString();
        int fd = (int) Native.call("socket", path, (arena, errno) ->
                (int) SOCKET.invokeExact(errno, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
        try {
            if (utf8(path).length <= MAX_PATH_BYTES) {
                connect(fd, path, path);
            } else {
                Path parent = socketPath.toAbsolutePath().getParent();
                try (Fd dir = Fd.open(parent, Fd.O_PATH | Fd.O_DIRECTORY, 0)) {
                    connect(fd, dir.procPath() + "/" + socketPath.getFileName(), path);
                }
            }
            return new UnixSeqpacket(fd, path);
        } catch (ErrnoException | RuntimeException e) {
            Fd.closeQuietly(fd);
            throw e;
        }
    }

    private static void connect(int fd, String address, String path) throws ErrnoException {
        byte[] bytes = utf8(address);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new ErrnoException(Errno.ENAMETOOLONG, "connect", path);
        }
        Native.call("connect", path, (arena, errno) -> {
            MemorySegment addr = arena.allocate(SOCKADDR_UN);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
            return (int) CONNECT.invokeExact(errno, fd, addr, 2 + bytes.length + 1);
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one message into {@code buf[off, off+len)}, blocking until one arrives; returns its length, or 0 at end
     * of stream (peer closed or shut down writing). A message longer than {@code len} is truncated by the kernel.
     */
    public int read(byte[] buf, int off, int len) throws ErrnoException {
        Objects.checkFromIndexSize(off, len, buf.length);
        acquire("read");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeBuf = arena.allocate(Math.max(1, len));
            long n = Native.callRestarting(arena, "read", path, errno ->
                    (long) READ.invokeExact(errno, fd, nativeBuf, (long) len));
            MemorySegment.copy(nativeBuf, JAVA_BYTE, 0, buf, off, (int) n);
            return (int) n;
        } finally {
            release();
        }
    }

    /** Sends {@code buf[off, off+len)} as one message (EMSGSIZE if it exceeds the socket's buffer). */
    public void write(byte[] buf, int off, int len) throws ErrnoException {
        Objects.checkFromIndexSize(off, len, buf.length);
        acquire("send");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeBuf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(buf, off, nativeBuf, JAVA_BYTE, 0, len);
            // MSG_NOSIGNAL: a vanished peer must be an EPIPE here, never a SIGPIPE for the whole daemon.
            long n = Native.callRestarting(arena, "send", path, errno ->
                    (long) SEND.invokeExact(errno, fd, nativeBuf, (long) len, MSG_NOSIGNAL));
            if (n != len) {
                throw new ErrnoException(Errno.EMSGSIZE, "send", path);
            }
        } finally {
            release();
        }
    }

    /** shutdown(2) of the sending side: the peer reads end of stream, this end can still read. */
    public void shutdownWrite() throws ErrnoException {
        acquire("shutdown");
        try {
            shutdown(SHUT_WR);
        } finally {
            release();
        }
    }

    private void shutdown(int how) throws ErrnoException {
        Native.call("shutdown", path, (arena, errno) -> (int) SHUTDOWN.invokeExact(errno, fd, how));
    }

    /** Idempotent. Shuts the socket down first so that a read blocked in another thread returns. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                shutdown(SHUT_RDWR);
            } catch (ErrnoException ignored) {
                // ENOTCONN after the peer went away: nothing left to wake.
            }
            release();
        }
    }

    private void acquire(String syscall) throws ErrnoException {
        while (true) {
            int n = refs.get();
            if (n == 0 || closed.get()) {
                throw new ErrnoException(Errno.EBADF, syscall, path);
            }
            if (refs.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    private void release() {
        if (refs.decrementAndGet() == 0) {
            Fd.closeQuietly(fd);
        }
    }

    @Override
    public String toString() {
        return "UnixSeqpacket[" + path + "]";
    }
}
