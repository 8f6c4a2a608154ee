package dev.berth.sys;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts a program with posix_spawn(3), for the one case {@link ProcessBuilder} cannot serve: a child that needs a
 * pipe on a descriptor above 2 (conmon reports on fd 3). The child gets {@code /dev/null} on stdin and stdout, a
 * pipe on stderr, a pipe on fd 3, the given working directory and environment, no other descriptor of the daemon,
 * an empty signal mask and default signal dispositions. The caller reaps the child with {@link Child#waitFor}.
 * Thread-safe.
 */
public final class Spawn {

    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int WNOHANG = 1;
    // glibc x86_64: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128; with room to spare.
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long ATTR_SIZE = 512;
    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle PIPE2 = Native.downcall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WAITPID = Native.downcall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // posix_spawn and its helpers return an error number instead of setting errno.
    private static final MethodHandle SPAWN = Native.downcallNoErrno("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = Native.downcallNoErrno("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = Native.downcallNoErrno("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = Native.downcallNoErrno("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_OPEN = Native.downcallNoErrno("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CHDIR = Native.downcallNoErrno("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FA_CLOSEFROM = Native.downcallNoErrno(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = Native.downcallNoErrno("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Native.downcallNoErrno("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = Native.downcallNoErrno("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_SETSIGMASK = Native.downcallNoErrno("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Native.downcallNoErrno("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = Native.downcallNoErrno("sigemptyset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = Native.downcallNoErrno("sigfillset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Spawn() {
    }

    /** A started child: its pid, the read ends of its stderr and fd-3 pipes. */
    public static final class Child {
        private final int pid;
        private final InputStream stderr;
        private final InputStream fd3;
        private boolean reaped;
        private int exitCode;

        private Child(int pid, InputStream stderr, InputStream fd3) {
            this.pid = pid;
            this.stderr = stderr;
            this.fd3 = fd3;
        }

        public int pid() {
            return pid;
        }

        /** What the child writes to its stderr. */
        public InputStream stderr() {
            return stderr;
        }

        /** What the child writes to its fd 3. */
        public InputStream fd3() {
            return fd3;
        }

        /**
         * Waits up to {@code timeout} for the child to exit and reaps it; returns its exit code (128 + signal when
         * killed), or empty when it still runs. Polls, so that a waiting virtual thread does not pin its carrier.
         */
        public synchronized OptionalInt waitFor(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long sleepMillis = 0;
            while (!reaped) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment status = arena.allocate(JAVA_INT);
                    int rc = (int) Native.callRestarting(arena, "waitpid", null, errno ->
                            (int) WAITPID.invokeExact(errno, pid, status, WNOHANG));
                    if (rc == pid) {
                        int s = status.get(JAVA_INT, 0);
                        exitCode = (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
                        reaped = true;
                        break;
                    }
                } catch (ErrnoException e) {
                    // ECHILD: not ours to wait for any more
                    reaped = true;
                    exitCode = -1;
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    return OptionalInt.empty();
                }
                Thread.sleep(sleepMillis);
                sleepMillis = Math.min(10, sleepMillis + 1);
            }
            return OptionalInt.of(exitCode);
        }
    }

    /**
     * Starts {@code argv} (its first element is the program's absolute path) in {@code directory} with exactly
     * {@code environment}.
     */
    public static Child start(List<String> argv, Map<String, String> environment, Path directory)
            throws IOException {
        int[] err = pipe();
        int[] sync;
        try {
            sync = pipe();
        } catch (IOException e) {
            Fd.closeQuietly(err[0]);
            Fd.closeQuietly(err[1]);
            throw e;
        }
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            pid = spawn(arena, argv, environment, directory, err[1], sync[1]);
        } catch (IOException | RuntimeException e) {
            closeAll(err[0], err[1], sync[0], sync[1]);
            throw e;
        }
        // The read ends are reopened while the write ends are still open here: opening a pipe whose writers are all
        // gone would block.
        InputStream errIn = null;
        try {
            errIn = new FileInputStream("/proc/self/fd/" + err[0]);
            InputStream syncIn = new FileInputStream("/proc/self/fd/" + sync[0]);
            return new Child(pid, errIn, syncIn);
        } catch (IOException e) {
            if (errIn != null) {
                errIn.close();
            }
            throw e;
        } finally {
            closeAll(err[0], err[1], sync[0], sync[1]);
        }
    }

    private static int spawn(Arena arena, List<String> argv, Map<String, String> environment, Path directory,
                             int errWrite, int syncWrite) throws IOException {
        try {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
                try {
                    MemorySegment devNull = arena.allocateFrom("/dev/null");
                    check("addopen", (int) FA_OPEN.invokeExact(actions, 0, devNull, Fd.O_RDONLY, 0));
                    check("addopen", (int) FA_OPEN.invokeExact(actions, 1, devNull, Fd.O_WRONLY, 0));
                    check("adddup2", (int) FA_DUP2.invokeExact(actions, errWrite, 2));
                    check("adddup2", (int) FA_DUP2.invokeExact(actions, syncWrite, 3));
                    check("addclosefrom_np", (int) FA_CLOSEFROM.invokeExact(actions, 4));
                    check("addchdir_np", (int) FA_CHDIR.invokeExact(actions,
                            Native.cString(arena, directory.toString())));
                    MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
                    MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
                    check("sigemptyset", (int) SIGEMPTYSET.invokeExact(empty));
                    check("sigfillset", (int) SIGFILLSET.invokeExact(all));
                    check("setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
                    check("setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all));
                    check("setflags", (int) ATTR_SETFLAGS.invokeExact(attr,
                            POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
                    MemorySegment pidOut = arena.allocate(JAVA_INT);
                    MemorySegment path = Native.cString(arena, argv.getFirst());
                    MemorySegment args = strings(arena, argv);
                    MemorySegment env = strings(arena, environment.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList());
                    int rc = (int) SPAWN.invokeExact(pidOut, path, actions, attr, args, env);
                    if (rc != 0) {
                        throw new ErrnoException(rc, "posix_spawn", argv.getFirst());
                    }
                    return pidOut.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            Fd.closeQuietly(fd);
        }
    }

    private static int[] pipe() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Native.call(arena, "pipe2", null, errno -> (int) PIPE2.invokeExact(errno, fds, Fd.O_CLOEXEC));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, Native.cString(arena, values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String what, int rc) throws ErrnoException {
        if (rc != 0) {
            throw new ErrnoException(rc, what, null);
        }
    }
}
