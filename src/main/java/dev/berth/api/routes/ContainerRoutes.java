package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Hijacked;
import dev.berth.api.JsonBodies;
import dev.berth.api.ResponseStream;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.ContainerCreateWire;
import dev.berth.api.wire.ContainerWire;
import dev.berth.container.AttachClient;
import dev.berth.container.AttachOptions;
import dev.berth.archive.TreeArchive;
import dev.berth.container.ContainerService;
import dev.berth.container.ContainerView;
import dev.berth.container.CreateRequest;
import dev.berth.container.CreateResult;
import dev.berth.container.WaitCondition;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.json.Json;
import dev.berth.mount.ApiVersion;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.StdStream;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** {@code /containers} routes: translate wire ⇄ {@link ContainerService} calls. */
public final class ContainerRoutes {

    private static final String RAW = "application/vnd.docker.raw-stream";
    private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    private final ContainerService containers;

    public ContainerRoutes(ContainerService containers) {
        this.containers = containers;
    }

    public void register(Router r) {
        r.post("/containers/create", Mode.BLOCKING, this::create);
        r.get("/containers/json", Mode.INLINE, this::list);
        r.post("/containers/prune", Mode.BLOCKING, this::prune);
        r.get("/containers/{name}/json", Mode.INLINE, this::inspect);
        r.post("/containers/{name}/start", Mode.BLOCKING, this::start);
        r.post("/containers/{name}/stop", Mode.BLOCKING, this::stop);
        r.post("/containers/{name}/kill", Mode.BLOCKING, this::kill);
        r.post("/containers/{name}/restart", Mode.BLOCKING, this::restart);
        r.post("/containers/{name}/rename", Mode.BLOCKING, this::rename);
        r.post("/containers/{name}/resize", Mode.BLOCKING, this::resize);
        r.post("/containers/{name}/wait", Mode.BLOCKING, this::waitFor);
        r.post("/containers/{name}/attach", Mode.BLOCKING, this::attach);
        r.get("/containers/{name}/logs", Mode.BLOCKING, this::logs);
        r.get("/containers/{name}/export", Mode.BLOCKING, this::export);
        r.head("/containers/{name}/archive", Mode.BLOCKING, this::statPath);
        r.get("/containers/{name}/archive", Mode.BLOCKING, this::archive);
        r.put("/containers/{name}/archive", Mode.STREAMING_BODY, this::extract);
        r.delete("/containers/{name}", Mode.BLOCKING, this::remove);
    }

    private void create(Exchange ex) {
        ContainerCreateWire.Body body = ex.bodyJson(ContainerCreateWire.Body.class);
        if (body == null) {
            throw new InvalidArgumentException("invalid JSON: got EOF while reading request body");
        }
        // HostConfig is echoed by inspect as the client sent it, fields berth ignores included. Taken with Go's
        // reading of the body (not Jackson's, which rejects invalid UTF-8 and depths Go accepts).
        String hostJson = JsonBodies.memberJson(ex.body(), ContainerCreateWire.Body.class, "HostConfig");
        ContainerCreateWire.HostConfig host = body.HostConfig();
        if (host != null && host.AutoRemove() != null && ex.version().isBefore(new ApiVersion(1, 25))) {
            // Before 1.25 the client removed the container itself.
            host = new ContainerCreateWire.HostConfig(host.Binds(), host.NetworkMode(), host.RestartPolicy(), false,
                    host.VolumeDriver(), host.VolumesFrom(), host.ConsoleSize(), host.CapAdd(), host.CapDrop(),
                    host.Privileged(), host.ReadonlyRootfs(), host.Tmpfs(), host.ShmSize(), host.Mounts());
        }
        CreateResult res = containers.create(new CreateRequest(ex.query("name"), ContainerTranslator.config(body),
                ContainerTranslator.host(host), hostJson,
                ex.version()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", res.id());
        out.put("Warnings", res.warnings());
        ex.json(HttpResponseStatus.CREATED, out);
    }

    private void list(Exchange ex) {
        List<Object> out = new ArrayList<>();
        for (ContainerView v : containers.list(ex.queryBool("all"), ex.queryInt("limit", -1), ex.filters())) {
            out.add(ContainerWire.summary(v));
        }
        ex.json(out);
    }

    private void inspect(Exchange ex) {
        ex.json(ContainerWire.inspect(containers.inspect(ex.path("name")), ex.version()));
    }

    private void start(Exchange ex) {
        if (ex.body().length > 7) {
            throw new InvalidArgumentException("starting container with non-empty request body was deprecated since"
                    + " API v1.22 and removed in v1.24");
        }
        containers.start(ex.path("name"));
        ex.noContent();
    }

    private void stop(Exchange ex) {
        containers.stop(ex.path("name"), timeout(ex), signal(ex));
        ex.noContent();
    }

    private void restart(Exchange ex) {
        containers.restart(ex.path("name"), timeout(ex), signal(ex));
        ex.noContent();
    }

    private static Integer timeout(Exchange ex) {
        String t = ex.query("t");
        if (t == null || t.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + t + "\": invalid syntax");
        }
    }

    private static String signal(Exchange ex) {
        return ex.version().isBefore(new ApiVersion(1, 42)) ? null : ex.query("signal");
    }

    private void kill(Exchange ex) {
        containers.kill(ex.path("name"), ex.query("signal"));
        ex.noContent();
    }

    private void rename(Exchange ex) {
        containers.rename(ex.path("name"), ex.query("name"));
        ex.noContent();
    }

    private void resize(Exchange ex) {
        containers.resize(ex.path("name"), intParam(ex, "h"), intParam(ex, "w"));
        ex.status(HttpResponseStatus.OK);
    }

    private static int intParam(Exchange ex, String name) {
        String v = ex.query(name);
        try {
            return Integer.parseInt(v == null ? "" : v);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + (v == null ? "" : v)
                    + "\": invalid syntax");
        }
    }

    private void remove(Exchange ex) {
        containers.remove(ex.path("name"), ex.queryBool("force"), ex.queryBool("v"));
        ex.noContent();
    }

    private void prune(Exchange ex) {
        ContainerService.PruneReport report = containers.prune(ex.filters());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainersDeleted", report.deleted().isEmpty() ? null : report.deleted());
        out.put("SpaceReclaimed", report.reclaimed());
        ex.json(out);
    }

    private void waitFor(Exchange ex) throws IOException {
        WaitCondition condition = WaitCondition.fromWire(ex.query("condition"));
        CompletableFuture<Integer> result = containers.waitFor(ex.path("name"), condition);
        // Headers go out now: docker run sends start only after this response has begun.
        ResponseStream out = ex.stream(HttpResponseStatus.OK, "application/json");
        out.flush();
        Thread waiter = Thread.currentThread();
        ex.onClientClose(waiter::interrupt);
        int code;
        try {
            code = result.get();
        } catch (InterruptedException e) {
            // The client went away or half-closed: Docker's wait ends on its request's cancelled context.
            if (out.isOpen()) {
                out.write("{\"StatusCode\":-1,\"Error\":{\"Message\":\"context canceled\"}}\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.close();
            return;
        } catch (ExecutionException e) {
            out.write(("{\"StatusCode\":-1,\"Error\":{\"Message\":" + Json.MAPPER.writeValueAsString(
                    e.getCause().getMessage()) + "}}\n").getBytes(StandardCharsets.UTF_8));
            out.close();
            return;
        }
        out.write(("{\"StatusCode\":" + code + ",\"Error\":null}\n").getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private void attach(Exchange ex) throws Exception {
        String name = ex.path("name");
        boolean tty = containers.hasTty(name);
        String type = !tty && !ex.version().isBefore(new ApiVersion(1, 42)) ? MULTIPLEXED : RAW;
        AttachOptions options = new AttachOptions(ex.queryBool("stdin"), ex.queryBool("stdout"),
                ex.queryBool("stderr"), ex.queryBool("logs"), ex.queryBool("stream"));
        AttachBridge client = new AttachBridge(tty);
        // Registered before the upgrade answer: the CLI starts the container once it has read the 101.
        containers.attach(name, options, client);
        Hijacked conn;
        try {
            conn = ex.hijack(type);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        client.bind(conn);
    }

    private void logs(Exchange ex) throws Exception {
        boolean stdout = ex.queryBool("stdout");
        boolean stderr = ex.queryBool("stderr");
        if (!stdout && !stderr) {
            throw new InvalidArgumentException("Bad parameters: you must choose at least one stream");
        }
        String name = ex.path("name");
        boolean tty = containers.hasTty(name);
        boolean timestamps = ex.queryBool("timestamps");
        LogQuery query = new LogQuery(stdout, stderr, tail(ex.query("tail")), time(ex.query("since")),
                time(ex.query("until")), ex.queryBool("follow"));
        String type = !tty && !ex.version().isBefore(new ApiVersion(1, 42)) ? MULTIPLEXED : RAW;
        ResponseStream out = ex.stream(HttpResponseStatus.OK, type);
        out.flush();
        Thread reader = Thread.currentThread();
        ex.onClientClose(reader::interrupt);
        try {
            containers.logs(name, query, e -> {
                byte[] line = e.bytes();
                if (timestamps) {
                    byte[] ts = (e.dockerTimestamp() + " ").getBytes(StandardCharsets.US_ASCII);
                    byte[] both = new byte[ts.length + line.length];
                    System.arraycopy(ts, 0, both, 0, ts.length);
                    System.arraycopy(line, 0, both, ts.length, line.length);
                    line = both;
                }
                try {
                    if (tty) {
                        out.write(line);
                    } else {
                        out.write(StdFrames.frame(e.stream(), line, 0, line.length));
                    }
                    if (query.follow()) {
                        out.flush();
                    }
                    return true;
                } catch (IOException io) {
                    return false;
                }
            });
        } catch (InterruptedException e) {
            return;
        }
        out.close();
    }

    private static int tail(String v) {
        if (v == null || v.isEmpty() || v.equals("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(v);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Unix seconds with an optional fraction ("1700000000.000000001"); 0 or absent means none. */
    private static Instant time(String v) {
        if (v == null || v.isEmpty() || v.equals("0")) {
            return null;
        }
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(v);
            long secs = d.longValue();
            int nanos = d.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(secs, nanos);
        } catch (NumberFormatException e) {
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new InvalidArgumentException("invalid value for time: " + v);
            }
        }
    }

    private void export(Exchange ex) throws IOException {
        String name = ex.path("name");
        containers.inspect(name);
        ResponseStream out = ex.stream(HttpResponseStatus.OK, "application/x-tar");
        containers.export(name, out);
        out.close();
    }

    // --- the archive API (docker cp) ---

    /** The {@code path} query parameter of the archive routes; Docker refuses an empty one (its text lacks a space). */
    private static String archivePath(Exchange ex) {
        String path = ex.query("path");
        if (path == null || path.isEmpty()) {
            throw new InvalidArgumentException("bad parameter: pathcannot be empty");
        }
        return path;
    }

    private void statPath(Exchange ex) {
        TreeArchive.PathStat stat = containers.statPath(ex.path("name"), archivePath(ex));
        ex.header(ContainerWire.PATH_STAT_HEADER, ContainerWire.pathStatHeader(stat));
        ex.status(HttpResponseStatus.OK);
    }

    private void archive(Exchange ex) throws IOException {
        ResponseStream out;
        try (ContainerService.PathArchive archive = containers.archivePath(ex.path("name"), archivePath(ex))) {
            ex.header(ContainerWire.PATH_STAT_HEADER, ContainerWire.pathStatHeader(archive.stat()));
            out = ex.stream(HttpResponseStatus.OK, "application/x-tar");
            archive.writeTo(out);
        }
        // The end of the body once the view is closed (its mounts undone, their unmount events published).
        out.close();
    }

    private void extract(Exchange ex) {
        containers.extractToDir(ex.path("name"), archivePath(ex), ex.queryBool("noOverwriteDirNonDir"),
                ex.queryBool("copyUIDGID"), ex.bodyStream());
        ex.status(HttpResponseStatus.OK);
    }
}
