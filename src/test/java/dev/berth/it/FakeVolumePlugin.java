package dev.berth.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker legacy volume plugin for integration tests of berth's plugin support: it speaks the HTTP/JSON protocol
 * Docker's engine uses with volume plugins ({@code POST /Plugin.Activate}, {@code POST /VolumeDriver.Create}, …) on
 * a unix socket or a loopback TCP port, keeps its volumes as directories under a data directory, and lets a test
 * look at what the engine asked for and make the plugin misbehave.
 *
 * <p>What it answers (all answers are {@code application/vnd.docker.plugins.v1+json} with status 200 unless said
 * otherwise; an unknown volume answers {@code Err} "no such volume"):
 * <ul>
 *   <li>{@code Plugin.Activate}: {@code {"Implements":["VolumeDriver"]}} ({@link #implementsList}).</li>
 *   <li>{@code VolumeDriver.Create}: makes {@code <dataDir>/<Name>} (mode 0755; an existing directory is fine) and
 *       remembers {@code Opts} and the creation time. Creating a volume the plugin already has changes nothing.</li>
 *   <li>{@code VolumeDriver.Remove}: deletes the directory tree; a volume with active mounts answers
 *       "volume NAME is in use".</li>
 *   <li>{@code VolumeDriver.Mount} / {@code Unmount}: add / remove the request's {@code ID} to / from the volume's
 *       active mounts; Mount answers the {@code Mountpoint}. Unmount of an unknown volume or ID is not an error.</li>
 *   <li>{@code VolumeDriver.Path}, {@code Get}, {@code List}: what the plugin has ({@code Get}'s {@code Status} only
 *       when {@link #status} set one; {@code List} sorted by name).</li>
 *   <li>{@code VolumeDriver.Capabilities}: {@code {"Capabilities":{"Scope":"global"}}} ({@link #scope}; a null scope
 *       answers 404 as a plugin older than the endpoint does).</li>
 *   <li>anything else: 404 {@code 404 page not found\n}, as Go's {@code net/http} mux answers.</li>
 * </ul>
 *
 * <p>Every request is recorded ({@link #calls}, {@link #requests}, {@link #acceptHeaders}) when it is received,
 * before {@link #delay delays} and {@link #failNext failures} apply. A request method other than POST is recorded and
 * answered 405. Connections are HTTP/1.1 keep-alive: requests are read one after another (pipelining works) until the
 * client closes, sends {@code Connection: close} or sends something that is not HTTP (answered 400). Request bodies may
 * come with {@code Content-Length} or chunked; answers use {@code Content-Length}, or chunked with {@link #chunked}.
 *
 * <p>One virtual thread accepts, one virtual thread serves each connection. Thread-safe. Tests only.
 */
public final class FakeVolumePlugin implements AutoCloseable {

    /** Content type of every protocol answer. */
    public static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1+json";
    /** Body of a 404 answer, as Go's {@code http.NotFound} writes it. */
    public static final String NOT_FOUND_BODY = "404 page not found\n";

    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    private static final String NO_SUCH_VOLUME = "no such volume";
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A volume the plugin has. Guarded by the plugin's monitor. */
    private static final class Volume {
        final Map<String, String> options;
        final Instant createdAt;
        final Set<String> mounts = new LinkedHashSet<>();

        Volume(Map<String, String> options, Instant createdAt) {
            this.options = options;
            this.createdAt = createdAt;
        }
    }

    /** How the next call of a method fails: a 200 with {@code Err} (status 0) or a raw HTTP answer. */
    private record Failure(int status, String text) {
    }

    /** One parsed request. {@code headers} keys are lower-case. */
    private record Request(String verb, String target, String version, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }

        /** Whether the connection stays open after the answer (HTTP/1.1 unless "close"; HTTP/1.0 only if asked). */
        boolean keepAlive() {
            Set<String> tokens = new HashSet<>();
            for (String t : Objects.requireNonNullElse(header("connection"), "").split(",")) {
                tokens.add(t.strip().toLowerCase(Locale.ROOT));
            }
            boolean close = tokens.contains("close");
            return "HTTP/1.0".equals(version) ? tokens.contains("keep-alive") && !close : !close;
        }
    }

    /** An answer about to be written. */
    private record Answer(int status, String contentType, byte[] body) {

        static Answer json(JsonNode node) {
            try {
                return new Answer(200, CONTENT_TYPE, JSON.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer text(int status, String text) {
            return new Answer(status, TEXT_TYPE, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The request could not be read as HTTP: answered 400, then the connection is closed. */
    private static final class BadRequestException extends IOException {
        BadRequestException(String message) {
            super(message);
        }
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final int port;
    private final Path dataDir;
    private final Thread acceptor;
    private final AtomicInteger connectionCount = new AtomicInteger();

    // Everything below is guarded by this object's monitor.
    private final Map<SocketChannel, Thread> connections = new HashMap<>();
    private boolean closed;
    private final Map<String, Volume> volumes = new TreeMap<>();
    private List<String> implementations = List.of("VolumeDriver");
    private String scope = "global";
    private Map<String, Object> status;
    private boolean getAnswersNullVolume;
    private boolean chunked;
    private final Map<String, Duration> delays = new HashMap<>();
    private final Map<String, ArrayDeque<Failure>> failures = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, List<JsonNode>> requests = new HashMap<>();
    private final List<String> acceptHeaders = new ArrayList<>();

    private FakeVolumePlugin(ServerSocketChannel server, Path socket, int port, Path dataDir) {
        this.server = server;
        this.socket = socket;
        this.port = port;
        this.dataDir = dataDir;
        this.acceptor = Thread.ofVirtual().name("fake-volume-plugin-accept").start(this::acceptLoop);
    }

    /**
     * Starts a plugin listening on the unix socket {@code socket} (its parent directories are created; the socket
     * file must not exist yet) that keeps volumes under {@code dataDir} (created if missing).
     */
    public static FakeVolumePlugin onUnixSocket(Path socket, Path dataDir) throws IOException {
        Path absolute = socket.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Files.createDirectories(dataDir);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(absolute));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot bind " + absolute + ": " + e.getMessage(), e);
        }
        return new FakeVolumePlugin(server, absolute, -1, dataDir.toAbsolutePath());
    }

    /** Starts a plugin listening on 127.0.0.1 on an ephemeral port that keeps volumes under {@code dataDir}. */
    public static FakeVolumePlugin onTcp(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new FakeVolumePlugin(server, null, port, dataDir.toAbsolutePath());
    }

    /** The unix socket the plugin listens on; null for TCP. */
    public Path socket() {
        return socket;
    }

    /** The loopback TCP port the plugin listens on; -1 for a unix socket. */
    public int port() {
        return port;
    }

    /** The directory volumes live in. */
    public Path dataDir() {
        return dataDir;
    }

    /** Where volume {@code name} lives (and what Mount, Path, Get and List answer as its mountpoint). */
    public Path mountpoint(String name) {
        return dataDir.resolve(name);
    }

    // ---- knobs ----

    /** What {@code Plugin.Activate} answers in {@code Implements}. */
    public synchronized void implementsList(List<String> implementations) {
        this.implementations = List.copyOf(implementations);
    }

    /** The scope {@code VolumeDriver.Capabilities} answers; null makes that endpoint answer 404. */
    public synchronized void scope(String scopeOrNull) {
        this.scope = scopeOrNull;
    }

    /** The {@code Status} every {@code VolumeDriver.Get} answer carries; null leaves the field out (the default). */
    public synchronized void status(Map<String, Object> status) {
        this.status = status == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(status));
    }

    /**
     * Makes the next call of {@code method} (e.g. "VolumeDriver.Mount") answer 200 {@code {"Err": err}} without doing
     * anything (Mount and Path with an empty {@code Mountpoint}, Get with a null {@code Volume}). Calls queue up: two
     * calls fail the next two requests.
     */
    public synchronized void failNext(String method, String err) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(0, Objects.requireNonNull(err)));
    }

    /** Makes the next call of {@code method} answer {@code status} with {@code body} as plain text, doing nothing. */
    public synchronized void failNextHttp(String method, int status, String body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, Objects.requireNonNull(body)));
    }

    /** When on, {@code VolumeDriver.Get} answers {@code {"Volume":null,"Err":""}} for every name. */
    public synchronized void getAnswersNullVolume(boolean on) {
        this.getAnswersNullVolume = on;
    }

    /** Makes every call of {@code method} wait {@code d} (after being recorded) before answering; null or zero stops. */
    public synchronized void delay(String method, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            delays.remove(method);
        } else {
            delays.put(method, d);
        }
    }

    /** When on, answers are sent with {@code Transfer-Encoding: chunked} (in two chunks) instead of Content-Length. */
    public synchronized void chunked(boolean on) {
        this.chunked = on;
    }

    // ---- what happened ----

    /** How many requests for {@code method} (e.g. "Plugin.Activate") were received since start or the last reset. */
    public synchronized int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    /** The bodies of those requests, parsed, in order (an empty body as NullNode, a body that is not JSON as text). */
    public synchronized List<JsonNode> requests(String method) {
        return List.copyOf(requests.getOrDefault(method, List.of()));
    }

    /** The {@code Accept} header of every request received, in order (null where a request had none). */
    public synchronized List<String> acceptHeaders() {
        return Collections.unmodifiableList(new ArrayList<>(acceptHeaders));
    }

    /** Forgets recorded calls, bodies and Accept headers (volumes and knobs stay). */
    public synchronized void resetCounts() {
        calls.clear();
        requests.clear();
        acceptHeaders.clear();
    }

    /** The names of the volumes the plugin has, sorted. */
    public synchronized Set<String> volumes() {
        return Collections.unmodifiableSet(new TreeSet<>(volumes.keySet()));
    }

    /** The active mount ids of every volume that has any (a volume without active mounts is not in the map). */
    public synchronized Map<String, Set<String>> activeMounts() {
        Map<String, Set<String>> out = new TreeMap<>();
        volumes.forEach((name, v) -> {
            if (!v.mounts.isEmpty()) {
                out.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(v.mounts)));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The {@code Opts} volume {@code name} was created with (null if the request had none).
     *
     * @throws IllegalArgumentException if the plugin has no such volume
     */
    public synchronized Map<String, String> options(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw new IllegalArgumentException("fake plugin has no volume " + name);
        }
        return v.options;
    }

    /**
     * Forgets volume {@code name} and deletes its directory, as if it was removed behind the engine's back.
     *
     * @throws IllegalArgumentException if the plugin has no such volume
     */
    public synchronized void deleteOutOfBand(String name) {
        if (volumes.remove(name) == null) {
            throw new IllegalArgumentException("fake plugin has no volume " + name);
        }
        try {
            deleteTree(mountpoint(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops accepting, closes every connection (a call being delayed is cut off) and deletes the socket file; the
     * data directory stays. Waits a few seconds at most for the plugin's threads to end. Idempotent.
     */
    @Override
    public void close() {
        List<Thread> threads;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            threads = new ArrayList<>(connections.values());
            connections.keySet().forEach(FakeVolumePlugin::closeQuietly);
            connections.clear();
        }
        closeQuietly(server);
        threads.forEach(Thread::interrupt);
        threads.add(acceptor);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- connections ----

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(channel);
                    return;
                }
                Thread t = Thread.ofVirtual().name("fake-volume-plugin-conn-" + connectionCount.incrementAndGet())
                        .unstarted(() -> serve(channel));
                connections.put(channel, t);
                t.start();
            }
        }
    }

    /** Serves requests on one connection until the client is done with it or the plugin closes. */
    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            while (true) {
                Request request;
                try {
                    request = readRequest(in);
                } catch (BadRequestException e) {
                    write(channel, Answer.text(400, "400 Bad Request: " + e.getMessage() + "\n"), false, false);
                    return;
                }
                if (request == null) {
                    return; // the client closed between requests
                }
                Answer answer = answer(request);
                if (answer == null) {
                    return; // interrupted while delaying: the plugin is closing
                }
                boolean keepAlive = request.keepAlive();
                boolean useChunks;
                synchronized (this) {
                    useChunks = chunked;
                }
                write(channel, answer, keepAlive, useChunks);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the plugin closed the connection: nothing to answer
        } finally {
            synchronized (this) {
                connections.remove(channel);
            }
        }
    }

    /** Reads one request, or returns null at a clean end of stream before it. */
    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in, true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in, true); // RFC 9112 2.2: ignore empty lines before a request line
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[1].startsWith("/") || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequestException("malformed request line");
        }
        Map<String, String> headers = new HashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in, false);
            if (line.isEmpty()) {
                break;
            }
            if (n == MAX_HEADERS) {
                throw new BadRequestException("too many headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadRequestException("malformed header line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        byte[] body;
        String transferEncoding = headers.get("transfer-encoding");
        String contentLength = headers.get("content-length");
        if (transferEncoding != null) {
            if (!"chunked".equalsIgnoreCase(transferEncoding)) {
                throw new BadRequestException("unsupported transfer encoding " + transferEncoding);
            }
            body = readChunked(in);
        } else if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength);
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad Content-Length");
            }
            if (length < 0 || length > MAX_BODY) {
                throw new BadRequestException("bad Content-Length");
            }
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("body cut short");
            }
        } else {
            body = new byte[0];
        }
        return new Request(parts[0], parts[1], parts[2], headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad chunk size");
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new BadRequestException("bad chunk size");
            }
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailer fields: ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk cut short");
            }
            body.write(chunk);
            if (!readLine(in, false).isEmpty()) {
                throw new BadRequestException("chunk not followed by CRLF");
            }
        }
    }

    /**
     * Reads a line ending in LF (a CR before it is dropped). At end of stream: null if {@code eofOk} and nothing was
     * read, else EOFException.
     */
    private static String readLine(InputStream in, boolean eofOk) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new BadRequestException("line too long");
            }
            line.write(b);
        }
    }

    private static void write(SocketChannel channel, Answer answer, boolean keepAlive, boolean useChunks)
            throws IOException {
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n")
                .append("Content-Type: ").append(answer.contentType()).append("\r\n")
                .append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body = answer.body();
        if (useChunks) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            int half = body.length / 2;
            writeChunk(out, body, 0, half);
            writeChunk(out, body, half, body.length - half);
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, byte[] body, int offset, int length) {
        if (length > 0) {
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    // ---- the protocol ----

    /** Records the request, waits its delay, and works out the answer; null if interrupted while waiting. */
    private Answer answer(Request request) {
        String target = request.target();
        int query = target.indexOf('?');
        String method = (query < 0 ? target : target.substring(0, query)).substring(1);
        JsonNode body = parse(request.body());
        Duration delay;
        synchronized (this) {
            calls.merge(method, 1, Integer::sum);
            requests.computeIfAbsent(method, m -> new ArrayList<>()).add(body);
            acceptHeaders.add(request.header("accept"));
            delay = delays.get(method);
        }
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return null;
            }
        }
        if (!"POST".equals(request.verb())) {
            return Answer.text(405, "405 method not allowed\n");
        }
        try {
            return handle(method, body);
        } catch (IOException | RuntimeException e) {
            return Answer.text(500, e + "\n");
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    private synchronized Answer handle(String method, JsonNode body) throws IOException {
        ArrayDeque<Failure> pending = failures.get(method);
        Failure failure = pending == null ? null : pending.poll();
        if (failure != null) {
            return failure.status() == 0 ? Answer.json(failed(method, failure.text()))
                    : new Answer(failure.status(), TEXT_TYPE, failure.text().getBytes(StandardCharsets.UTF_8));
        }
        if (!method.equals("Plugin.Activate") && !method.startsWith("VolumeDriver.")) {
            return Answer.text(404, NOT_FOUND_BODY);
        }
        if (method.startsWith("VolumeDriver.") && body.isTextual()) {
            return Answer.text(400, "invalid JSON body\n");
        }
        String name = body.path("Name").asText("");
        return switch (method) {
            case "Plugin.Activate" -> {
                ObjectNode answer = JSON.createObjectNode();
                implementations.forEach(answer.putArray("Implements")::add);
                yield Answer.json(answer);
            }
            case "VolumeDriver.Create" -> Answer.json(err(create(name, body.get("Opts"))));
            case "VolumeDriver.Remove" -> Answer.json(err(remove(name)));
            case "VolumeDriver.Mount" -> {
                Volume v = volumes.get(name);
                if (v != null) {
                    v.mounts.add(body.path("ID").asText(""));
                }
                yield Answer.json(mountpointAnswer(v == null ? null : name));
            }
            case "VolumeDriver.Unmount" -> {
                Volume v = volumes.get(name);
                if (v != null) {
                    v.mounts.remove(body.path("ID").asText(""));
                }
                yield Answer.json(err(""));
            }
            case "VolumeDriver.Path" -> Answer.json(mountpointAnswer(volumes.containsKey(name) ? name : null));
            case "VolumeDriver.Get" -> Answer.json(get(name));
            case "VolumeDriver.List" -> {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode list = answer.putArray("Volumes");
                volumes.keySet().forEach(n -> list.addObject()
                        .put("Name", n).put("Mountpoint", mountpoint(n).toString()));
                answer.put("Err", "");
                yield Answer.json(answer);
            }
            case "VolumeDriver.Capabilities" -> {
                if (scope == null) {
                    yield Answer.text(404, NOT_FOUND_BODY);
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.putObject("Capabilities").put("Scope", scope);
                yield Answer.json(answer);
            }
            default -> Answer.text(404, NOT_FOUND_BODY);
        };
    }

    /** Creates volume {@code name}; returns the Err text. */
    private String create(String name, JsonNode opts) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
            return "invalid volume name \"" + name + "\"";
        }
        if (volumes.containsKey(name)) {
            return "";
        }
        Path dir = mountpoint(name);
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return "cannot create volume " + name + ": " + dir + " exists and is not a directory";
            }
        }
        Map<String, String> options = null;
        if (opts != null && opts.isObject()) {
            Map<String, String> o = new LinkedHashMap<>();
            opts.properties().forEach(e -> o.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
            options = Collections.unmodifiableMap(o);
        }
        volumes.put(name, new Volume(options, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        return "";
    }

    /** Removes volume {@code name}; returns the Err text. */
    private String remove(String name) throws IOException {
        Volume v = volumes.get(name);
        if (v == null) {
            return NO_SUCH_VOLUME;
        }
        if (!v.mounts.isEmpty()) {
            return "volume " + name + " is in use";
        }
        deleteTree(mountpoint(name));
        volumes.remove(name);
        return "";
    }

    /** The Get answer for {@code name}. */
    private ObjectNode get(String name) {
        ObjectNode answer = JSON.createObjectNode();
        Volume v = volumes.get(name);
        if (getAnswersNullVolume || v == null) {
            answer.putNull("Volume");
            answer.put("Err", getAnswersNullVolume ? "" : NO_SUCH_VOLUME);
            return answer;
        }
        ObjectNode volume = answer.putObject("Volume")
                .put("Name", name)
                .put("Mountpoint", mountpoint(name).toString())
                .put("CreatedAt", DateTimeFormatter.ISO_INSTANT.format(v.createdAt));
        if (status != null) {
            volume.set("Status", JSON.valueToTree(status));
        }
        answer.put("Err", "");
        return answer;
    }

    /** A Mount or Path answer: the mountpoint of {@code name}, or "no such volume" for null. */
    private ObjectNode mountpointAnswer(String nameOrNull) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("Mountpoint", nameOrNull == null ? "" : mountpoint(nameOrNull).toString());
        answer.put("Err", nameOrNull == null ? NO_SUCH_VOLUME : "");
        return answer;
    }

    /** The answer of a call made to fail by {@link #failNext}. */
    private static ObjectNode failed(String method, String err) {
        ObjectNode answer = JSON.createObjectNode();
        switch (method) {
            case "VolumeDriver.Mount", "VolumeDriver.Path" -> answer.put("Mountpoint", "");
            case "VolumeDriver.Get" -> answer.putNull("Volume");
            default -> {
            }
        }
        answer.put("Err", err);
        return answer;
    }

    private static ObjectNode err(String err) {
        return JSON.createObjectNode().put("Err", err);
    }

    /** Deletes {@code dir} and everything in it, not following symlinks; a missing dir is fine. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
