package dev.berth.volume.plugin;

import dev.berth.errors.InternalException;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a legacy (v1) plugin listens: a unix socket or a TCP address, as a socket in the plugin directory or the
 * URL of a spec file gives it.
 *
 * @param name   the plugin's name (its file name without the extension)
 * @param socket what to connect to
 * @param url    the address as written ({@code unix:///run/docker/plugins/x.sock}, {@code tcp://host:port})
 */
public record PluginAddress(String name, SocketAddress socket, String url) {

    /** A plugin socket found in the plugin directory. */
    static PluginAddress unix(String name, Path socket) {
        return new PluginAddress(name, UnixDomainSocketAddress.of(socket), "unix://" + socket);
    }

    /**
     * The address of a spec file's URL: {@code unix:///path} or {@code tcp://host:port} (Docker's
     * {@code readPluginInfo}: no scheme is "Unknown protocol").
     *
     * @throws InternalException for a URL without a scheme, another scheme or no address
     */
    static PluginAddress parse(String name, String url) {
        String text = url.strip();
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new InternalException("plugin " + name + ": invalid address " + text + ": " + e.getReason());
        }
        String scheme = u.getScheme();
        if (scheme == null || scheme.isEmpty()) {
            throw new InternalException("Unknown protocol");
        }
        return switch (scheme) {
            case "unix" -> {
                String path = u.getPath();
                if (path == null || path.isEmpty() || path.equals("/")) {
                    throw new InternalException("plugin " + name + ": no socket path in " + text);
                }
                yield new PluginAddress(name, UnixDomainSocketAddress.of(path), text);
            }
            case "tcp", "http" -> {
                if (u.getHost() == null || u.getPort() < 0) {
                    throw new InternalException("plugin " + name + ": no host and port in " + text);
                }
                yield new PluginAddress(name, new InetSocketAddress(u.getHost(), u.getPort()), text);
            }
            default -> throw new InternalException("plugin " + name + ": unsupported protocol " + scheme
                    + " in " + text + " (unix and tcp are)");
        };
    }
}
