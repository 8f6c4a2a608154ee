package dev.berth.image;

import dev.berth.sys.Trees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code docker load}: spools the archive, then for each image registers its layers (skipping those already
 * unpacked, verifying diff IDs), stores its config and points its tags at it, reporting Docker's progress and
 * "Loaded image" lines. An image is stored only once all of its layers are. Not thread-safe; one per load.
 */
final class ArchiveLoader {

    private static final Logger log = LoggerFactory.getLogger(ArchiveLoader.class);

    private final LayerStore layers;
    private final ImageIndex index;
    private final String hostArchitecture;

    ArchiveLoader(LayerStore layers, ImageIndex index, String hostArchitecture) {
        this.layers = layers;
        this.index = index;
        this.hostArchitecture = hostArchitecture;
    }

    /** Loads every image of the archive and returns their IDs in archive order. */
    List<String> load(InputStream archive, boolean quiet, Consumer<Progress> progress) throws IOException {
        Path spoolDir = layers.tmpDir().resolve("load-" + UUID.randomUUID());
        Files.createDirectory(spoolDir);
        try {
            ArchiveSpool spool = ArchiveSpool.read(archive, spoolDir);
            List<ArchiveManifests.Item> items = ArchiveManifests.read(spool, hostArchitecture);
            List<String> loaded = new ArrayList<>();
            StringBuilder idLines = new StringBuilder();
            int lastRefCount = 0;
            for (ArchiveManifests.Item item : items) {
                List<ImageReference> refs = tags(item);
                String id = loadOne(spool, item, refs, quiet, progress);
                loaded.add(id);
                idLines.append("Loaded image ID: ").append(id).append('\n');
                for (ImageReference ref : refs) {
                    progress.accept(new Progress.Line("Loaded image: " + ref.familiarString() + "\n"));
                }
                lastRefCount = refs.size();
            }
            // Docker prints the ID lines only when the last image had no tag (and then for all images).
            if (lastRefCount == 0 && !idLines.isEmpty()) {
                progress.accept(new Progress.Line(idLines.toString()));
            }
            return loaded;
        } finally {
            Trees.deleteRecursively(spoolDir);
        }
    }

    private static List<ImageReference> tags(ArchiveManifests.Item item) {
        List<ImageReference> refs = new ArrayList<>();
        for (String repoTag : item.repoTags()) {
            ImageReference ref = ImageReference.parse(repoTag);
            if (ref.tag() == null || ref.digest() != null) {
                throw new InvalidReferenceException("invalid tag \"" + repoTag + "\"");
            }
            refs.add(ref);
        }
        return refs;
    }

    private String loadOne(ArchiveSpool spool, ArchiveManifests.Item item, List<ImageReference> refs, boolean quiet,
                           Consumer<Progress> progress) throws IOException {
        byte[] config = spool.bytes(item.config());
        ConfigDocument doc = ConfigDocument.parse(config);
        if (!doc.os().equals("linux")) {
            throw new LayerFormatException("cannot load " + doc.os() + " image on linux");
        }
        if (item.layers().size() != doc.diffIds().size()) {
            throw new LayerFormatException("invalid manifest, layers length mismatch: expected "
                    + item.layers().size() + ", got " + doc.diffIds().size());
        }
        List<String> chains = Digests.chainIds(doc.diffIds());
        List<String> pinned = new ArrayList<>();
        try {
            long size = 0;
            String parentChain = null;
            for (int i = 0; i < chains.size(); i++) {
                String chain = chains.get(i);
                index.pin(chain);
                pinned.add(chain);
                LayerStore.Layer layer = layers.get(chain);
                if (layer == null) {
                    layer = loadLayer(spool, item.layers().get(i), parentChain, doc.diffIds().get(i), quiet,
                            progress);
                }
                size += layer.size();
                parentChain = chain;
            }
            String id = Digests.of(config);
            String parent = parentId(spool, item);
            Map<String, String> moved = index.addImage(new ImageIndex.Entry(id, doc, chains, parent, size, null),
                    config, refs);
            moved.forEach((ref, previous) -> progress.accept(new Progress.Line("The image " + ref
                    + " already exists, renaming the old one with ID " + previous + " to empty string\n")));
            log.info("loaded image {} ({} layers)", id, chains.size());
            return id;
        } finally {
            index.unpin(pinned);
        }
    }

    private LayerStore.Layer loadLayer(ArchiveSpool spool, String name, String parentChain, String diffId,
                                       boolean quiet, Consumer<Progress> progress) throws IOException {
        long total = spool.size(name);
        String shortId = Digests.shortId(diffId);
        try (InputStream in = spool.open(name)) {
            InputStream source = quiet ? in : new CountingInputStream(in,
                    n -> progress.accept(new Progress.Bar(shortId, "Loading layer", n, total)));
            return layers.register(parentChain, source, diffId);
        }
    }

    /** The parent a legacy manifest names, kept only when that image is stored (Docker validates the same way). */
    private String parentId(ArchiveSpool spool, ArchiveManifests.Item item) {
        if (item.parent() == null || !Digests.isDigest(item.parent())) {
            return null;
        }
        return index.get(item.parent()) != null ? item.parent() : null;
    }
}
