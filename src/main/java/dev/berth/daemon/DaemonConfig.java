package dev.berth.daemon;

import dev.berth.errors.InvalidArgumentException;

import java.nio.file.Path;

/**
 * The daemon's configuration: where data lives, where the socket is, where runtime state goes. Immutable.
 *
 * @param dataRoot persistent state (volumes, images, containers, metadata database)
 * @param socket   the API's unix socket
 * @param execRoot runtime state that does not survive a reboot (runc state, conmon sockets)
 * @param logLevel  error, warn, info, debug or trace
 * @param pluginDir where volume plugins' sockets and spec files are looked for; null for Docker's directories
 *                  ({@code /run/docker/plugins}, {@code /etc/docker/plugins}, {@code /usr/lib/docker/plugins})
 */
public record DaemonConfig(Path dataRoot, Path socket, Path execRoot, String logLevel, Path pluginDir) {

    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");
    public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");

    public DaemonConfig {
        dataRoot = dataRoot.toAbsolutePath().normalize();
        socket = socket.toAbsolutePath().normalize();
        execRoot = execRoot.toAbsolutePath().normalize();
        pluginDir = pluginDir == null ? null : pluginDir.toAbsolutePath().normalize();
        if (socket.toString().getBytes().length > 107) {
            throw new InvalidArgumentException("socket path too long (max 107 bytes): " + socket);
        }
    }

    /** With Docker's plugin directories. */
    public DaemonConfig(Path dataRoot, Path socket, Path execRoot, String logLevel) {
        this(dataRoot, socket, execRoot, logLevel, null);
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
