package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The native linker, the libc lookup and the errno-capturing call discipline every binding in this package uses:
 * downcall handles capture errno, which is read only when the call returned -1. Stateless and thread-safe.
 */
final class Native {
    static {
        // Struct layouts and constants here are x86_64 Linux ones; elsewhere they would corrupt memory silently.
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            throw new UnsupportedOperationException("dev.berth.sys supports x86_64 Linux only, not "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int EINTR_RETRIES = 100;

    /** A native call made with a capture-state segment as its first argument; returns the raw result. */
    @FunctionalInterface
    interface Call {
        long invoke(MemorySegment errnoState) throws Throwable;
    }

    private Native() {
    }

    /** A handle to a libc function whose errno is captured; its first parameter is the capture segment. */
    @SuppressWarnings("restricted")
    static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    /** Like {@link #downcall} for a variadic function; arguments from {@code firstVariadic} on are variadic. */
    @SuppressWarnings("restricted")
    static MethodHandle downcallVariadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** A handle to a libc function that cannot fail (getuid and friends). */
    @SuppressWarnings("restricted")
    static MethodHandle downcallNoErrno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /**
     * Makes one call with an errno capture segment allocated in {@code arena}; -1 becomes an
     * {@link ErrnoException} naming {@code syscall} and {@code path}.
     */
    static long call(Arena arena, String syscall, String path, Call call) throws ErrnoException {
        MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
        long rc = invoke(call, state);
        if (rc == -1) {
            throw new ErrnoException(errno(state), syscall, path);
        }
        return rc;
    }

    /** {@link #call(Arena, String, String, Call)} in an arena of its own, for calls that pass no buffers out. */
    static long call(String syscall, String path, ArenaCall call) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return call(arena, syscall, path, state -> call.invoke(arena, state));
        }
    }

    /** A call that needs the per-call arena for its arguments (strings, structs). */
    @FunctionalInterface
    interface ArenaCall {
        long invoke(Arena arena, MemorySegment errnoState) throws Throwable;
    }

    /**
     * Like {@link #call(Arena, String, String, Call)} but repeats the call while it fails with EINTR, for blocking
     * calls (read, send) that a signal may interrupt before any data moved.
     */
    static long callRestarting(Arena arena, String syscall, String path, Call call) throws ErrnoException {
        MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
        for (int attempt = 0; ; attempt++) {
            long rc = invoke(call, state);
            if (rc != -1) {
                return rc;
            }
            int errno = errno(state);
            if (errno != Errno.EINTR || attempt == EINTR_RETRIES) {
                throw new ErrnoException(errno, syscall, path);
            }
        }
    }

    private static long invoke(Call call, MemorySegment state) {
        try {
            return call.invoke(state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // invokeExact declares Throwable; native downcalls throw nothing checked.
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** A NUL-terminated UTF-8 copy of {@code s} in {@code arena}, or NULL for a null string. */
    static MemorySegment cString(Arena arena, String s) {
        if (s == null) {
            return MemorySegment.NULL;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains a NUL character: " + s.replace('\0', '?'));
        }
        return arena.allocateFrom(s);
    }
}
