package dev.berth.runtime;

import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Finds a container's conmon from its pid file and tells whether it still runs. conmon is not the daemon's
 * child (it daemonises), so liveness is read from {@code /proc}: a zombie or a recycled pid running something
 * else counts as gone. Stateless.
 */
final class ConmonProcess {

    private ConmonProcess() {
    }

    static OptionalInt readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile).strip();
            return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Whether {@code pid} is a live (not zombie) conmon process. */
    static boolean isLiveConmon(int pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (IOException e) {
            return false;
        }
        // "<pid> (<comm>) <state> ...": comm may contain spaces and parentheses, so split at the last ')'.
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.length()) {
            return false;
        }
        String comm = stat.substring(open + 1, close);
        char state = stat.charAt(close + 2);
        return comm.equals("conmon") && state != 'Z' && state != 'X';
    }

    static boolean isLiveConmon(Path pidFile) {
        OptionalInt pid = readPid(pidFile);
        return pid.isPresent() && isLiveConmon(pid.getAsInt());
    }

    /** Sends SIGKILL to the container's conmon if it still runs. */
    static void kill(Path pidFile) {
        OptionalInt pid = readPid(pidFile);
        if (pid.isPresent() && isLiveConmon(pid.getAsInt())) {
            try {
                FileSys.kill(pid.getAsInt(), FileSys.SIGKILL);
            } catch (ErrnoException ignored) {
                // it exited in between
            }
        }
    }
}
