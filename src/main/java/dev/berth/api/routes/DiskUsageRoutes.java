package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.ContainerWire;
import dev.berth.api.wire.ImageWire;
import dev.berth.api.wire.VolumeWire;
import dev.berth.container.ContainerService;
import dev.berth.container.ContainerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import dev.berth.image.Image;
import dev.berth.image.ImageListOptions;
import dev.berth.image.ImageService;
import dev.berth.image.NoSuchImageException;
import dev.berth.image.LayerUsage;
import dev.berth.json.Json;
import dev.berth.mount.ApiVersion;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeService;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /system/df}: images, containers and volumes with their sizes, in the shape of API ≤ 1.51 (the
 * {@code Volumes} array with {@code UsageData}, which {@code docker system df -v} reads).
 */
public final class DiskUsageRoutes {

    private static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");
    private final VolumeService volumes;
    private final ImageService images;
    private final ContainerService containers;

    public DiskUsageRoutes(VolumeService volumes, ImageService images, ContainerService containers) {
        this.volumes = volumes;
        this.images = images;
        this.containers = containers;
    }

    public void register(Router r) {
        r.get("/system/df", Mode.BLOCKING, this::diskUsage);
    }

    private void diskUsage(Exchange ex) {
        // Before API 1.42 Docker ignores "type" (nor checks it) and answers everything.
        List<String> types = ex.version().isBefore(ApiVersion.V1_42) ? List.of() : ex.queryAll("type");
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new InvalidArgumentException("unknown object type: " + t);
            }
        }
        boolean all = types.isEmpty();
        List<Image> imageList = all || types.contains("image") ? images.list(ImageListOptions.DEFAULT) : null;
        List<ContainerView> ctrs = all || types.contains("container") || imageList != null
                ? containers.list(true, -1, FilterArgs.EMPTY) : List.of();
        List<Volume> vols = all || types.contains("volume") ? volumes.usage() : null;
        ex.jsonBytes(HttpResponseStatus.OK, VolumeWire.write(g -> {
            g.writeStartObject();
            if (imageList == null) {
                // Always present, as Go's int64 without omitempty.
                g.writeNumberField("LayersSize", 0);
                g.writeNullField("Images");
            } else {
                // Each layer once, however many images stack it (Docker's LayerDiskUsage); shared sizes are the
                // bytes of an image's layers that other images stack too, which the CLI keeps out of RECLAIMABLE.
                LayerUsage usage = images.layerUsage();
                g.writeNumberField("LayersSize", usage.layersSize());
                g.writeFieldName("Images");
                g.writeRawValue(new String(ImageWire.summaries(imageList, ex.version(),
                        id -> (int) ctrs.stream().filter(c -> c.imageId().equals(id)).count(), usage::sharedSize),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            if (all || types.contains("container")) {
                Map<String, Long> imageSizes = new HashMap<>();
                g.writeArrayFieldStart("Containers");
                for (ContainerView c : ctrs) {
                    Map<String, Object> m = new java.util.LinkedHashMap<>(ContainerWire.summary(c));
                    long sizeRw = containers.sizeRw(c.id());
                    long sizeRootFs = sizeRw + imageSizes.computeIfAbsent(c.imageId(), this::imageSize);
                    // Go's omitempty: a container that wrote nothing has no SizeRw (dockerd 20.10 omits it too).
                    if (sizeRw != 0) {
                        m.put("SizeRw", sizeRw);
                    }
                    if (sizeRootFs != 0) {
                        m.put("SizeRootFs", sizeRootFs);
                    }
                    Json.MAPPER.writeValue(g, m);
                }
                g.writeEndArray();
            } else {
                g.writeNullField("Containers");
            }
            if (vols != null) {
                g.writeArrayFieldStart("Volumes");
                for (Volume v : vols) {
                    VolumeWire.writeVolume(g, v);
                }
                g.writeEndArray();
            } else {
                g.writeNullField("Volumes");
            }
            // berth has no build cache: Docker's builder lists no records as a nil slice, null whether asked or not.
            g.writeNullField("BuildCache");
            g.writeEndObject();
        }));
    }

    /** The bytes of a container's image layers, whatever types were asked for; 0 once the image is gone. */
    private long imageSize(String imageId) {
        try {
            return images.inspect(imageId).size();
        } catch (NoSuchImageException e) {
            return 0;
        }
    }

}
