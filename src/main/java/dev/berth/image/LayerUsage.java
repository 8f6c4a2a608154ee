package dev.berth.image;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What image layers take on disk, counted as Docker counts them for {@code GET /system/df}: {@code layersSize} is
 * every layer that images stack counted once (intermediate untagged parents aside, as Docker's layer references
 * skip them), and each image's shared size is the bytes of its layers that at least one other image also stacks
 * ({@code 0} when none). Immutable.
 */
public record LayerUsage(long layersSize, Map<String, Long> sharedSizes) {

    public LayerUsage {
        sharedSizes = Map.copyOf(sharedSizes);
    }

    /** The shared size of an image by ID; {@code 0} for an image not counted. */
    public long sharedSize(String imageId) {
        return sharedSizes.getOrDefault(imageId, 0L);
    }

    /** Counts over a snapshot of the index; a layer gone meanwhile counts as empty. */
    static LayerUsage of(ImageIndex index, LayerStore layers) throws IOException {
        List<ImageIndex.Entry> all = index.all();
        Map<String, Integer> refs = new HashMap<>();
        Set<String> stacked = new LinkedHashSet<>();
        for (ImageIndex.Entry e : all) {
            for (String chain : e.chainIds()) {
                refs.merge(chain, 1, Integer::sum);
            }
            if (!index.refsOf(e.id()).isEmpty() || index.children(e.id()).isEmpty()) {
                stacked.addAll(e.chainIds());
            }
        }
        Map<String, Long> sizes = new HashMap<>();
        for (String chain : refs.keySet()) {
            LayerStore.Layer l = layers.get(chain);
            sizes.put(chain, l == null ? 0L : l.size());
        }
        long total = 0;
        for (String chain : stacked) {
            total += sizes.get(chain);
        }
        Map<String, Long> shared = new HashMap<>();
        for (ImageIndex.Entry e : all) {
            long s = 0;
            for (String chain : e.chainIds()) {
                if (refs.get(chain) > 1) {
                    s += sizes.get(chain);
                }
            }
            shared.put(e.id(), s);
        }
        return new LayerUsage(total, shared);
    }
}
