package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.VolumeWire;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.mount.ApiVersion;
import dev.berth.errors.UnavailableException;
import dev.berth.filter.FilterArgs;
import dev.berth.volume.CreateVolume;
import dev.berth.volume.VolumeService;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** {@code /volumes} routes: translate wire ⇄ {@link VolumeService} calls, nothing more. */
public final class VolumeRoutes {

    private final VolumeService volumes;
    /**
     * Encoded list items by volume name. The service hands out one immutable {@link Volume} per volume state, so
     * an item is reused only while its volume object is the very same one.
     */
    private final ConcurrentHashMap<String, Encoded> encoded = new ConcurrentHashMap<>();

    private record Encoded(Volume volume, byte[] json) {
    }

    public VolumeRoutes(VolumeService volumes) {
        this.volumes = volumes;
    }

    public void register(Router r) {
        r.get("/volumes", Mode.INLINE, this::list);
        r.post("/volumes/create", Mode.BLOCKING, this::create);
        r.post("/volumes/prune", Mode.BLOCKING, this::prune);
        r.get("/volumes/{name:.*}", Mode.INLINE, this::inspect);
        r.put("/volumes/{name:.*}", Mode.INLINE, this::update);
        r.delete("/volumes/{name:.*}", Mode.BLOCKING, this::remove);
    }

    private void list(Exchange ex) throws IOException {
        FilterArgs filters = readFilters(ex);
        VolumeList list = volumes.list(filters);
        List<byte[]> items = new ArrayList<>(list.volumes().size());
        for (Volume v : list.volumes()) {
            items.add(encode(v));
        }
        if (encoded.size() > 2 * list.volumes().size() + 4096) {
            // Names of removed volumes accumulate; a filtered list cannot tell which, so start over.
            encoded.clear();
        }
        // Straight into one (direct) buffer: a list of 100,000 volumes is ~18 MB, and a heap copy would
        // only be copied again on its way to the socket.
        ByteBuf body = ex.alloc().directBuffer(VolumeWire.listSize(items, list.warnings()));
        try {
            VolumeWire.writeList(items, list.warnings(), new ByteBufOutputStream(body));
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        ex.jsonBuffer(HttpResponseStatus.OK, body);
    }

    /** The wire form of {@code v}, from the cache while {@code v} is the object it was encoded from. */
    private byte[] encode(Volume v) {
        Encoded e = encoded.get(v.name());
        if (e == null || e.volume() != v) {
            e = new Encoded(v, VolumeWire.volume(v));
            encoded.put(v.name(), e);
        }
        return e.json();
    }

    private void create(Exchange ex) {
        VolumeWire.CreateRequest req = ex.bodyJson(VolumeWire.CreateRequest.class);
        if (req == null) {
            req = new VolumeWire.CreateRequest(null, null, null, null);
        }
        var v = volumes.create(new CreateVolume(req.Name(), req.Driver(), req.DriverOpts(), req.Labels(), null));
        ex.jsonBytes(HttpResponseStatus.CREATED, VolumeWire.volume(v));
    }

    private void inspect(Exchange ex) {
        Volume v = volumes.inspect(ex.path("name"));
        // Volumes with driver status are fresh objects on every call; encoding them is all there is to do.
        ex.jsonBytes(HttpResponseStatus.OK, v.status() == null ? encode(v) : VolumeWire.volume(v));
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
