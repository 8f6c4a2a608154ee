package dev.berth.runtime;

import dev.berth.errors.InvalidArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The files of the runtime state dir: {@code runc/} (runc's root), {@code exits/<id>} (conmon's exit files, one
 * watched directory for all containers), {@code sock/<id>} (conmon's symlink to the bundle, through which the
 * short attach socket and ctl fifo paths go) and {@code ctr/<id>/} (pid files, conmon's persist dir, runc's log).
 * Immutable and thread-safe.
 */
record StateLayout(Path stateDir) {

    /** 64-hex Docker ids and the like; no dots, because conmon's temporary exit files are {@code <id>.XXXXXX}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final int MAX_SOCKET_PATH = 107;

    Path runcRoot() {
        return stateDir.resolve("runc");
    }

    Path exitDir() {
        return stateDir.resolve("exits");
    }

    Path socketDir() {
        return stateDir.resolve("sock");
    }

    Path exitFile(String id) {
        return exitDir().resolve(id);
    }

    Path containerDir(String id) {
        return stateDir.resolve("ctr").resolve(id);
    }

    Path conmonPidFile(String id) {
        return containerDir(id).resolve("conmon.pid");
    }

    Path containerPidFile(String id) {
        return containerDir(id).resolve("pid");
    }

    Path runcLog(String id) {
        return containerDir(id).resolve("runc.log");
    }

    /** conmon's symlink to the bundle, named after the container. */
    Path socketLink(String id) {
        return socketDir().resolve(id);
    }

    Path attachSocket(String id) {
        return socketLink(id).resolve("attach");
    }

    /** conmon's control fifo (resize, reopen logs), reached through the socket symlink. */
    Path controlFifo(String id) {
        return socketLink(id).resolve("ctl");
    }

    static boolean isId(String name) {
        return ID.matcher(name).matches();
    }

    /**
     * Checks an id before it becomes a file name.
     *
     * @throws InvalidArgumentException for anything but letters, digits, '_' and '-', or an attach socket path
     *                                  that would not fit in a unix socket address
     */
    String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidArgumentException("invalid container id for the runtime: " + id);
        }
        if (attachSocket(id).toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new InvalidArgumentException("runtime state dir " + stateDir + " is too long for attach socket "
                    + "paths of id " + id);
        }
        return id;
    }
}
