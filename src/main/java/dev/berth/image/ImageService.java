package dev.berth.image;

import dev.berth.errors.BerthException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.events.EventSink;
import dev.berth.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The image store's one door: import, load, save, list, inspect, tag and remove images, and the root filesystems
 * containers run on ({@link #rootFs()}). Images live under {@code <dataRoot>/image/}: configs in {@code blobs/},
 * layers in {@code layers/}, metadata in SQLite; {@link #open} reconciles them after a crash.
 * Thread-safe; long operations (import, load, save) run concurrently and report through a progress callback.
 */
public final class ImageService {

    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageIndex index;
    private final ImageUsage usage;
    private final RootFs rootFs;
    private final String architecture;
    private final EventSink events;

    private ImageService(BlobStore blobs, LayerStore layers, ImageIndex index, ImageUsage usage, Path dataRoot,
                         EventSink events) {
        this.events = events;
        this.blobs = blobs;
        this.layers = layers;
        this.index = index;
        this.usage = usage;
        this.architecture = Platforms.hostArchitecture();
        this.rootFs = new RootFs(dataRoot.resolve("containers"), index, layers, this::collectLayers,
                new Trash(dataRoot.resolve("trash")));
    }

    /**
     * Opens the store under {@code dataRoot/image}, creating it if needed, and reconciles disk and database:
     * leftovers of interrupted work are removed, images whose config or layers are missing are dropped, layers
     * nothing references are deleted. {@code usage} answers which containers use an image (for remove and prune);
     * it must not call back into the image store. The caller owns {@code db}.
     */
    public static ImageService open(Path dataRoot, Database db, ImageUsage usage) {
        return open(dataRoot, db, usage, (type, action, actor, attributes) -> {
        });
    }

    /** {@link #open(Path, Database, ImageUsage)}, publishing the store's events to {@code events}. */
    public static ImageService open(Path dataRoot, Database db, ImageUsage usage, EventSink events) {
        try {
            Path root = dataRoot.resolve("image");
            BlobStore blobs = new BlobStore(root);
            LayerStore layers = new LayerStore(root);
            ImageStore store = new ImageStore(db);
            ImageIndex index = new ImageIndex(store, blobs);
            new Reconciler(blobs, layers, index, store).run();
            ImageService service = new ImageService(blobs, layers, index, usage, dataRoot, events);
            service.collectLayers();
            return service;
        } catch (IOException e) {
            throw new InternalException("open image store: " + e.getMessage(), e);
        }
    }

    /** The root filesystems of containers. */
    public RootFs rootFs() {
        return rootFs;
    }

    /**
     * {@code docker import}: makes a one-layer image from a root filesystem tar (gzip, bzip2 or plain), applying
     * {@code --change} instructions, tags it when a repo is given and returns its ID. As Docker does for a request
     * body, there are no progress bars: progress gets one {@link Progress.Status} carrying the ID at the end. The
     * message (image comment) defaults to "Imported from -". Options are validated before any data is read.
     */
    public String importImage(InputStream tar, ImportOptions options, Consumer<Progress> progress) {
        ImageReference ref = ImageReference.parseRepoTag(options.repo(), options.tag());
        Platforms.Platform platform = Platforms.parse(options.platform(), architecture);
        ImageConfig config = ConfigChanges.apply(options.changes(), ImageConfig.EMPTY);
        String message = options.message().isEmpty() ? "Imported from -" : options.message();
        List<String> pinned = new ArrayList<>();
        try {
            LayerStore.Layer layer = layers.register(null, tar, null, chain -> {
                index.pin(chain);
                pinned.add(chain);
            });
            byte[] json = ConfigDocument.forImport(config, platform.architecture(), platform.os(),
                    platform.variant(), Instant.now(), message, layer.diffId());
            String id = Digests.of(json);
            index.addImage(new ImageIndex.Entry(id, ConfigDocument.parse(json), List.of(layer.chainId()), null,
                    layer.size(), null), json, ref == null ? List.of() : List.of(ref));
            log.info("imported image {}{}", id, ref == null ? "" : " as " + ref.familiarString());
            // As dockerd: the tag first, then the import.
            if (ref != null) {
                publish("tag", id, config, ref.familiarString());
            }
            publish("import", id, config, id);
            progress.accept(new Progress.Status(null, id));
            return id;
        } catch (IOException e) {
            throw new InternalException("import: " + e.getMessage(), e);
        } finally {
            index.unpin(pinned);
        }
    }

    /**
     * {@code docker load}: loads every image of a {@code docker save} archive (classic or OCI layout, optionally
     * compressed), reporting "Loading layer" bars (unless quiet) and "Loaded image" lines; returns the image IDs.
     */
    public List<String> load(InputStream archive, boolean quiet, Consumer<Progress> progress) {
        boolean ok = false;
        try {
            List<String> ids = new ArchiveLoader(layers, index, architecture).load(archive, quiet, progress);
            ok = true;
            for (String id : ids) {
                publish("load", id, index.resolve(id).doc().config(), id);
            }
            return ids;
        } catch (IOException e) {
            throw new InternalException("load: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                // Layers of an image that failed half-way are referenced by nothing; drop them now.
                collectLayers();
            }
        }
    }

    /**
     * {@code docker save}: writes the named images (references, IDs or repositories meaning all their tags) as one
     * tar that Docker loads. Names are resolved before the first byte is written, so an unknown name fails cleanly.
     */
    public void save(List<String> names, OutputStream out) {
        List<ArchiveSaver.Selection> selections = SaveSelection.resolve(names, index);
        try {
            new ArchiveSaver(layers, blobs).save(selections, out);
        } catch (IOException e) {
            throw new InternalException("save: " + e.getMessage(), e);
        }
        for (ArchiveSaver.Selection sel : selections) {
            publish("save", sel.image().id(), sel.image().doc().config(), sel.image().id());
        }
    }

    /** {@code GET /images/json}: images matching the filters, newest first. */
    public List<Image> list(ImageListOptions options) {
        return ImageFilters.list(index, options, this::toImage);
    }

    /**
     * Layer accounting for {@code GET /system/df}: the bytes of every stacked layer counted once, and per image
     * the bytes of layers other images share with it (Docker's {@code LayersSize} and {@code SharedSize}).
     */
    public LayerUsage layerUsage() {
        try {
            return LayerUsage.of(index, layers);
        } catch (IOException e) {
            throw new InternalException("layer usage: " + e.getMessage(), e);
        }
    }

    /** {@code GET /images/{name}/json}: an image by reference, full ID or unique ID prefix. */
    public Image inspect(String nameOrId) {
        return toImage(index.resolve(nameOrId), null);
    }

    /** The ID ({@code sha256:<hex>}) of the image a reference or ID names. */
    public String resolveId(String nameOrId) {
        return index.resolve(nameOrId).id();
    }

    /** The run defaults of an image, for the container service. */
    public ImageConfig config(String nameOrId) {
        return index.resolve(nameOrId).doc().config();
    }

    /** The layer diff directories of an image, bottom layer first (what an overlay stacks). */
    public List<Path> layerPaths(String nameOrId) {
        return index.resolve(nameOrId).chainIds().stream().map(layers::diffPath).toList();
    }

    /**
     * {@code POST /images/{name}/tag?repo=&tag=}: points {@code repo:tag} (tag defaults to latest) at the image.
     */
    public void tag(String source, String repo, String tag) {
        ImageReference ref = ImageReference.parseRepoTag(repo, tag);
        if (ref == null) {
            throw new InvalidArgumentException("repository name must have at least one component");
        }
        if (ref.familiarName().equals("sha256")) {
            throw new InvalidArgumentException("refusing to create an ambiguous tag using digest algorithm as name");
        }
        ImageIndex.Entry entry = index.resolve(source);
        index.tag(entry.id(), ref);
        log.info("tagged image {} as {}", entry.id(), ref.familiarString());
        publish("tag", entry.id(), entry.doc().config(), ref.familiarString());
    }

    /**
     * {@code DELETE /images/{name}}: untags, and deletes the image once no tag is left, following Docker's conflict
     * rules (running containers always block; stopped containers and other tags unless forced).
     */
    public List<ImageDeleteItem> remove(String nameOrId, boolean force, boolean noPrune) {
        return removeCounting(nameOrId, force, noPrune, new long[1]);
    }

    private List<ImageDeleteItem> removeCounting(String nameOrId, boolean force, boolean noPrune, long[] bytes) {
        ImageRemoval.Result result = new ImageRemoval(index, usage).remove(nameOrId, force, !noPrune);
        ImageIndex.Entry image = result.image();
        List<ImageDeleteItem> items = new ArrayList<>(result.items());
        // dockerd names the image by its ID in both: one untag per tag removed, then the delete.
        for (ImageDeleteItem item : result.items()) {
            switch (item) {
                case ImageDeleteItem.Untagged u -> publish("untag", image.id(), image.doc().config(), image.id());
                case ImageDeleteItem.Deleted d -> publish("delete", d.id(),
                        d.id().equals(image.id()) ? image.doc().config() : ImageConfig.EMPTY, d.id());
            }
        }
        try {
            bytes[0] += removeLayers(result.doomedLayers());
        } catch (BerthException e) {
            log.warn("image removed but its layers could not all be deleted: {}", e.getMessage());
        }
        result.doomedLayers().forEach(chain -> items.add(new ImageDeleteItem.Deleted(chain)));
        return items;
    }

    /**
     * {@code POST /images/prune}: removes dangling images (with {@code dangling=false}, every image no container
     * uses), honouring {@code until}, {@code label} and {@code label!}; images that cannot be removed without force
     * are skipped, as Docker does. Returns what went and the bytes of the layers deleted.
     */
    public ImagePruneResult prune(Map<String, List<String>> filters) {
        ImagePruner.Criteria criteria = ImagePruner.criteria(filters);
        List<ImageDeleteItem> deleted = new ArrayList<>();
        long[] bytes = new long[1];
        for (ImageIndex.Entry e : index.all()) {
            List<String> refs = index.refsOf(e.id());
            if (!criteria.selects(e, refs, !index.children(e.id()).isEmpty())) {
                continue;
            }
            List<String> targets = refs.isEmpty() ? List.of(Digests.hex(e.id())) : refs;
            for (String target : targets) {
                try {
                    deleted.addAll(removeCounting(target, false, false, bytes));
                } catch (NoSuchImageException | ImageConflictException skipped) {
                    log.debug("prune skips {}: {}", target, skipped.getMessage());
                }
            }
        }
        events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(bytes[0])));
        return new ImagePruneResult(deleted, bytes[0]);
    }

    /** Publishes an image event as dockerd does: the image's labels and {@code name}. */
    private void publish(String action, String imageId, ImageConfig config, String name) {
        Map<String, String> attributes = new java.util.TreeMap<>(config.labels());
        attributes.put("name", name);
        events.publish("image", action, imageId, attributes);
    }

    /** Removes doomed layers and returns the bytes they held. */
    private long removeLayers(List<String> doomed) {
        long bytes = 0;
        try {
            for (String chain : doomed) {
                LayerStore.Layer layer = layers.get(chain);
                bytes += layer == null ? 0 : layer.size();
                layers.remove(chain);
            }
            return bytes;
        } catch (IOException e) {
            throw new InternalException("remove layers: " + e.getMessage(), e);
        } finally {
            index.layersRemoved(doomed);
        }
    }

    /** Deletes layers on disk that no image, root filesystem or registration in progress needs. */
    void collectLayers() {
        try {
            removeLayers(index.unneededLayers(layers.chainIds()));
        } catch (IOException | BerthException e) {
            log.warn("collecting unused layers failed: {}", e.getMessage());
        }
    }

    Image toImage(ImageIndex.Entry e, List<String> onlyRefs) {
        List<String> refs = onlyRefs != null ? onlyRefs : index.refsOf(e.id());
        List<String> familiar = refs.stream().map(r -> ImageReference.parse(r).familiarString()).toList();
        ConfigDocument d = e.doc();
        return new Image(e.id(), familiar, List.of(), e.parent(), d.comment(), d.created(), d.author(),
                d.dockerVersion(), d.architecture(), d.variant(), d.os(), d.osVersion(), e.size(), d.config(),
                d.diffIds(), e.lastTagTime());
    }
}
