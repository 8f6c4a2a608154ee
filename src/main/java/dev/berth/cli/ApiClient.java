package dev.berth.cli;

import dev.berth.http.HttpConnection;

import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Engine API over the daemon's unix socket: an {@link HttpConnection} with the API version's path prefix and
 * the CLI's Host and User-Agent. Not thread-safe.
 */
public final class ApiClient extends HttpConnection {

    /** @param version API version for the path prefix, e.g. "1.50"; null for none */
    public ApiClient(Path socket, String version) {
        super(UnixDomainSocketAddress.of(socket), version == null ? "" : "/v" + version,
                HttpConnection.headers("Host", "api.moby.localhost", "User-Agent", "berth-cli/0.1.0"));
    }

    /** The socket of {@code unix:///path} (or a bare path). */
    public static Path socketOf(String host) {
        if (host.startsWith("unix://")) {
            return Path.of(host.substring(7));
        }
        if (host.startsWith("/")) {
            return Path.of(host);
        }
        throw new IllegalArgumentException("unsupported host: " + host + " (only unix:// sockets)");
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
