package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small HTTP/1.1 client for the Engine API over a unix socket: one keep-alive connection, Content-Length and
 * chunked responses. Not thread-safe.
 */
public final class ApiClient implements AutoCloseable {

    /** A response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Path socket;
    private final String prefix;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;

    /** @param version API version for the path prefix, e.g. "1.50"; null for none */
    public ApiClient(Path socket, String version) {
        this.socket = socket;
        this.prefix = version == null ? "" : "/v" + version;
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

    public Response get(String path) throws IOException {
        return request("GET", path, null, null);
    }

    public Response delete(String path) throws IOException {
        return request("DELETE", path, null, null);
    }

    public Response postJson(String path, byte[] json) throws IOException {
        return request("POST", path, "application/json", json);
    }

    public Response request(String method, String path, String contentType, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean fresh = channel == null;
            try {
                connectIfNeeded();
                StringBuilder head = new StringBuilder();
                head.append(method).append(' ').append(prefix).append(path).append(" HTTP/1.1\r\n")
                        .append("Host: api.moby.localhost\r\nUser-Agent: berth-cli/0.1.0\r\n");
                if (contentType != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\n");
                }
                head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return readResponse(method);
            } catch (IOException e) {
                close();
                if (fresh || attempt > 0) {
                    throw e;
                }
                // A kept-alive connection the server closed meanwhile: retry once on a new one.
            }
        }
    }

    private void connectIfNeeded() throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 65536);
            out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 65536);
        }
    }

    private Response readResponse(String method) throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed by the daemon");
        }
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = readLine()).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body;
        if (method.equals("HEAD") || code == 204 || code == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine().trim(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                buf.write(in.readNBytes(size));
                readLine();
            }
            body = buf.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(code, headers, body);
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
        }
    }
}
