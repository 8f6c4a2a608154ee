package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Test helper: the listening side of an AF_UNIX SOCK_SEQPACKET socket over the same FFM plumbing, playing
 * conmon's part. One accepted peer at a time; not thread-safe.
 */
public final class SeqpacketServer implements AutoCloseable {
    private static final MethodHandle SOCKET = Native.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = Native.downcall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Native.downcall("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT = Native.downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = Native.downcall("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = Native.downcall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final int SOCK_SEQPACKET_CLOEXEC = 5 | 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;

    private final int listenFd;
    private int peerFd = -1;

    private SeqpacketServer(int listenFd) {
        this.listenFd = listenFd;
    }

    /** Binds and listens on {@code path}, which must fit in sun_path. */
    public static SeqpacketServer listen(Path path) throws ErrnoException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        int fd = (int) Native.call("socket", null, (arena, errno) ->
                (int) SOCKET.invokeExact(errno, 1, SOCK_SEQPACKET_CLOEXEC, 0));
        Native.call("bind", path.toString(), (arena, errno) -> {
            MemorySegment addr = arena.allocate(UnixSeqpacket.SOCKADDR_UN);
            addr.set(JAVA_SHORT, 0, (short) 1);
            MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
            return (int) BIND.invokeExact(errno, fd, addr, 2 + bytes.length + 1);
        });
        Native.call("listen", path.toString(), (arena, errno) -> (int) LISTEN.invokeExact(errno, fd, 4));
        return new SeqpacketServer(fd);
    }

    public void accept() throws ErrnoException {
        peerFd = (int) Native.call("accept4", null, (arena, errno) -> (int) ACCEPT.invokeExact(errno, listenFd,
                MemorySegment.NULL, MemorySegment.NULL, 02000000));
    }

    /** One message as a string, or null at end of stream. */
    public String receive() throws ErrnoException {
        byte[] b = receiveBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** One message, or null at end of stream. */
    public byte[] receiveBytes() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(65536);
            long n = Native.callRestarting(arena, "recv", null, errno ->
                    (long) RECV.invokeExact(errno, peerFd, buf, 65536L, 0));
            return n == 0 ? null : buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    public void send(String message) throws ErrnoException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        Native.call("send", null, (arena, errno) -> {
            MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            return (long) SEND.invokeExact(errno, peerFd, buf, (long) bytes.length, MSG_NOSIGNAL);
        });
    }

    public void closePeer() {
        if (peerFd >= 0) {
            Fd.closeQuietly(peerFd);
            peerFd = -1;
        }
    }

    @Override
    public void close() {
        closePeer();
        Fd.closeQuietly(listenFd);
    }
}
