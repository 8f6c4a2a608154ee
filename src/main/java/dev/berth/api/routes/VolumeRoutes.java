package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.VolumeBytes;
import dev.berth.api.wire.VolumeWire;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotSwarmManagerException;
import dev.berth.mount.ApiVersion;
import dev.berth.errors.UnavailableException;
import dev.berth.filter.FilterArgs;
import dev.berth.api.ResponseStream;
import dev.berth.volume.CreateVolume;
import dev.berth.volume.VolumeArchives;
import dev.berth.volume.VolumeService;
import dev.berth.volume.VolumeList;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;

/** {@code /volumes} routes: translate wire ⇄ {@link VolumeService} calls, nothing more. */
public final class VolumeRoutes {

    /** A list piece stops after the volume that passes this size, so that it fits the connection's piece. */
    private static final int PIECE = Exchange.PIECE - 2048;

    private final VolumeService volumes;
    private final VolumeArchives archives;

    public VolumeRoutes(VolumeService volumes, VolumeArchives archives) {
        this.volumes = volumes;
        this.archives = archives;
    }

    public void register(Router r) {
        // A name filter is a regular expression over every volume (up to a second or so for an allowed one):
        // such a list runs on a virtual thread, not holding up the I/O thread's other connections. The check is on
        // the raw text (cheap, never fails; errors are the route's): only where the list runs depends on it.
        r.get("/volumes", ex -> {
            String f = ex.query("filters");
            return f != null && f.contains("\"name\"");
        }, this::list);
        r.post("/volumes/create", Mode.BLOCKING, this::create);
        r.post("/volumes/prune", Mode.BLOCKING, this::prune);
        r.get("/volumes/{name:.*}", Mode.INLINE, this::inspect);
        r.put("/volumes/{name:.*}", Mode.INLINE, this::update);
        r.delete("/volumes/{name:.*}", Mode.BLOCKING, this::remove);
        // berth's own, beside Docker's API (Podman has the first two under /libpod).
        r.get("/berth/volumes/{name}/export", Mode.BLOCKING, this::export);
        r.post("/berth/volumes/{name}/import", Mode.STREAMING_BODY, this::importTar);
        r.post("/berth/volumes/{name}/clone", Mode.BLOCKING, this::cloneVolume);
    }

    private void export(Exchange ex) throws IOException {
        ResponseStream out;
        try (VolumeArchives.Export export = archives.export(ex.path("name"))) {
            out = ex.stream(HttpResponseStatus.OK, "application/x-tar");
            export.writeTo(out);
        }
        // The end of the body only once the volume is released (and unmounted): a client that acts on the end
        // finds it free.
        out.close();
    }

    private void importTar(Exchange ex) {
        archives.importInto(ex.path("name"), ex.bodyStream());
        ex.status(HttpResponseStatus.NO_CONTENT);
    }

    private void cloneVolume(Exchange ex) {
        VolumeWire.CloneRequest req = ex.bodyJson(VolumeWire.CloneRequest.class);
        if (req == null || req.Name() == null || req.Name().isEmpty()) {
            throw new InvalidArgumentException("clone " + ex.path("name") + ": the new volume's name is required");
        }
        ex.jsonBytes(HttpResponseStatus.CREATED,
                VolumeBytes.of(archives.clone(ex.path("name"), req.Name(), req.Labels())));
    }

    private void list(Exchange ex) throws IOException {
        VolumeList list = volumes.list(readFilters(ex));
        // Encoded a piece at a time as the socket takes it: nothing per volume is kept between lists, and a list of
        // 100,000 volumes (18 MB) never exists in one buffer.
        VolumeWire.ListEncoder encoder = new VolumeWire.ListEncoder(list, PIECE);
        ex.pieces(HttpResponseStatus.OK, "application/json", out -> {
            boolean more = encoder.next();
            out.writeBytes(encoder.bytes().array(), 0, encoder.bytes().size());
            return more;
        });
    }

    private void create(Exchange ex) {
        VolumeWire.CreateRequest req = ex.bodyJson(VolumeWire.CreateRequest.class);
        if (req == null) {
            req = new VolumeWire.CreateRequest(null, null, null, null, null);
        }
        if (req.ClusterVolumeSpec() != null && !ex.version().isBefore(ApiVersion.V1_42)) {
            // Docker hands such a create to swarm; before 1.42 the field did not exist and is ignored.
            throw new NotSwarmManagerException();
        }
        var v = volumes.create(new CreateVolume(req.Name(), req.Driver(), req.DriverOpts(), req.Labels(), null));
        ex.jsonBytes(HttpResponseStatus.CREATED, VolumeBytes.of(v));
    }

    private void inspect(Exchange ex) {
        ex.jsonBytes(HttpResponseStatus.OK, VolumeBytes.of(volumes.inspect(ex.path("name"))));
    }

    private void update(Exchange ex) {
        // Only cluster (swarm CSI) volumes can be updated, and berth has no swarm.
        throw new UnavailableException("volume update only valid for cluster volumes, but swarm is unavailable");
    }

    private void remove(Exchange ex) {
        volumes.remove(ex.path("name"), ex.queryBool("force"));
        ex.noContent();
    }

    private void prune(Exchange ex) {
        FilterArgs filters = ex.filters();
        if (ex.version().isBefore(ApiVersion.V1_42)) {
            // Before API 1.42 prune removed every unused volume; keep that for old clients.
            filters = filters.with("all", "true");
        }
        ex.jsonBytes(HttpResponseStatus.OK, VolumeWire.prune(volumes.prune(filters)));
    }

    private static FilterArgs readFilters(Exchange ex) {
        try {
            return ex.filters();
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("error reading volume filters: " + e.getMessage(), e);
        }
    }
}
