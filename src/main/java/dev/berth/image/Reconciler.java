package dev.berth.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings disk and database back in line at start: temp leftovers go, an image whose config blob or layers are gone
 * (or corrupt) is dropped with its tags in one transaction and logged, blobs no image uses are deleted. Unused
 * layers are collected afterwards by the service. Run once, before the index is used.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageIndex index;
    private final ImageStore store;

    Reconciler(BlobStore blobs, LayerStore layers, ImageIndex index, ImageStore store) {
        this.blobs = blobs;
        this.layers = layers;
        this.index = index;
        this.store = store;
    }

    void run() throws IOException {
        layers.cleanTemp();
        List<ImageIndex.Entry> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        Map<String, ImageStore.ImageRow> rows = new HashMap<>();
        for (ImageStore.ImageRow row : store.images()) {
            rows.put(row.id(), row);
        }
        for (ImageStore.ImageRow row : rows.values()) {
            ImageIndex.Entry e = restore(row);
            if (e == null) {
                dropped.add(row.id());
            } else {
                kept.add(e);
            }
        }
        if (!dropped.isEmpty()) {
            store.deleteImages(dropped, List.of());
        }
        Set<String> keptIds = new HashSet<>();
        List<ImageIndex.Entry> withParents = new ArrayList<>();
        kept.forEach(e -> keptIds.add(e.id()));
        for (ImageIndex.Entry e : kept) {
            String parent = e.parent() != null && keptIds.contains(e.parent()) ? e.parent() : null;
            withParents.add(new ImageIndex.Entry(e.id(), e.doc(), e.chainIds(), parent, e.size(), e.lastTagTime()));
        }
        Map<String, String> tags = new HashMap<>();
        for (ImageStore.TagRow t : store.tags()) {
            if (keptIds.contains(t.imageId())) {
                tags.put(t.ref(), t.imageId());
            }
        }
        index.restore(withParents, tags, store.rootFilesystems());
        for (String digest : blobs.digests()) {
            if (!keptIds.contains(digest)) {
                log.info("removing unreferenced blob {}", digest);
                blobs.remove(digest);
            }
        }
        log.info("image store: {} images, {} tags", kept.size(), tags.size());
    }

    private ImageIndex.Entry restore(ImageStore.ImageRow row) throws IOException {
        byte[] config = blobs.get(row.id());
        if (config == null) {
            log.error("dropping image {}: its config is missing or corrupt", row.id());
            return null;
        }
        ConfigDocument doc;
        try {
            doc = ConfigDocument.parse(config);
        } catch (LayerFormatException e) {
            log.error("dropping image {}: {}", row.id(), e.getMessage());
            return null;
        }
        List<String> chains = Digests.chainIds(doc.diffIds());
        long size = 0;
        for (String chain : chains) {
            LayerStore.Layer layer = layers.get(chain);
            if (layer == null) {
                log.error("dropping image {}: layer {} is missing", row.id(), chain);
                return null;
            }
            size += layer.size();
        }
        return new ImageIndex.Entry(row.id(), doc, chains, row.parent(), size,
                row.lastTagTime() == null ? null : java.time.Instant.ofEpochMilli(row.lastTagTime()));
    }
}
