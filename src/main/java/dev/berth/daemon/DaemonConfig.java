package dev.berth.daemon;

import dev.berth.errors.InvalidArgumentException;

import java.nio.file.Path;

/**
 * The daemon's configuration: where data lives, where the socket is, where runtime state goes. Immutable.
 *
 * @param dataRoot persistent state (volumes, images, containers, metadata database)
 * @param socket   the API's unix socket
 * @param execRoot runtime state that does not survive a reboot (runc state, conmon sockets)
 * @param logLevel error, warn, info, debug or trace
 */
public record DaemonConfig(Path dataRoot, Path socket, Path execRoot, String logLevel) {

    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");
    public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");

    public DaemonConfig {
        dataRoot = dataRoot.toAbsolutePath().normalize();
        socket = socket.toAbsolutePath().normalize();
        execRoot = execRoot.toAbsolutePath().normalize();
        if (socket.toString().getBytes().length > 107) {
            throw new InvalidArgumentException("socket path too long (max 107 bytes): " + socket);
        }
    }

    /** Parses {@code unix:///path.sock} (the only transport so far). */
    public static Path parseHost(String host) {
        if (host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (host.startsWith("/")) {
            return Path.of(host);
        }
        throw new InvalidArgumentException("unsupported host " + host + ": only unix:///path is supported");
    }
}
