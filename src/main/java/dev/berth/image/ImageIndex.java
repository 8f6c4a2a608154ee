package dev.berth.image;

import dev.berth.errors.NotFoundException;
import dev.berth.store.Database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The image store's state in memory (images, tags, root filesystems) kept equal to SQLite: every change is written
 * through {@link ImageStore} (and config blobs through {@link BlobStore}) under the lock, then applied here. It
 * decides which layers nothing references, with {@link LayerClaims} for layers an unfinished import or load holds.
 * Thread-safe: one lock (taken before the claims' own); the only I/O under it is the metadata commit and the
 * config blob (image changes are rare).
 */
final class ImageIndex {

    /** A stored image: parsed config, layer chain IDs (bottom first) and bookkeeping. Immutable. */
    record Entry(String id, ConfigDocument doc, List<String> chainIds, String parent, long size,
                 Instant lastTagTime) {
        Entry {
            chainIds = List.copyOf(chainIds);
        }
    }

    private final ImageStore store;
    private final BlobStore blobs;
    private final ReentrantLock lock = new ReentrantLock();
    private final LayerClaims claims = new LayerClaims();
    private final Map<String, Entry> images = new HashMap<>();
    private final TreeMap<String, String> tags = new TreeMap<>();
    private final Map<String, ImageStore.RootFsRow> rootfs = new HashMap<>();

    ImageIndex(ImageStore store, BlobStore blobs) {
        this.store = store;
        this.blobs = blobs;
    }

    /** Fills the index at start (no locking needed yet: nothing else sees it). */
    void restore(Collection<Entry> entries, Map<String, String> tagRows, Collection<ImageStore.RootFsRow> rows) {
        entries.forEach(e -> images.put(e.id(), e));
        tags.putAll(tagRows);
        rows.forEach(r -> rootfs.put(r.containerId(), r));
    }

    /** Docker's image lookup: full ID, then tag (default {@code latest}), then unique ID prefix. */
    Entry resolve(String refOrId) {
        String id = ImageReference.parseId(refOrId);
        lock.lock();
        try {
            if (id != null) {
                Entry e = images.get(id);
                if (e == null) {
                    throw new NoSuchImageException(id);
                }
                return e;
            }
            ImageReference ref = ImageReference.parse(refOrId);
            String tagged = tags.get(ref.withDefaultTag().toString());
            if (tagged != null && images.containsKey(tagged)) {
                return images.get(tagged);
            }
            Entry byPrefix = byIdPrefix(refOrId);
            if (byPrefix != null) {
                return byPrefix;
            }
            throw new NoSuchImageException(ref.withDefaultTag().familiarString());
        } finally {
            lock.unlock();
        }
    }

    private Entry byIdPrefix(String text) {
        String prefix = text.startsWith("sha256:") ? text.substring(7) : text;
        if (prefix.isEmpty() || !prefix.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        Entry found = null;
        for (Entry e : images.values()) {
            if (Digests.hex(e.id()).startsWith(prefix)) {
                if (found != null) {
                    return null;
                }
                found = e;
            }
        }
        return found;
    }

    Entry get(String id) {
        lock.lock();
        try {
            return images.get(id);
        } finally {
            lock.unlock();
        }
    }

    List<Entry> all() {
        lock.lock();
        try {
            return List.copyOf(images.values());
        } finally {
            lock.unlock();
        }
    }

    /** Full references ({@code docker.io/library/busybox:latest}) pointing at {@code id}, sorted. */
    List<String> refsOf(String id) {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            tags.forEach((ref, target) -> {
                if (target.equals(id)) {
                    out.add(ref);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Tags of one repository ({@code docker.io/library/busybox}): full reference to image ID, sorted. */
    Map<String, String> tagsInRepository(String name) {
        lock.lock();
        try {
            Map<String, String> out = new TreeMap<>();
            tags.subMap(name + ":", name + ";").forEach(out::put);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Images whose parent is {@code id}. */
    List<String> children(String id) {
        lock.lock();
        try {
            return images.values().stream().filter(e -> id.equals(e.parent())).map(Entry::id).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores a new image (or finds it stored) with its config bytes and points {@code refs} at it; returns the
     * previous image of each ref that moved, so the caller can report it. The config blob is written under the lock
     * so a concurrent delete of the same image cannot remove it in between.
     */
    Map<String, String> addImage(Entry entry, byte[] config, List<ImageReference> refs) throws java.io.IOException {
        long now = System.currentTimeMillis();
        lock.lock();
        try {
            if (!blobs.put(config).equals(entry.id())) {
                throw new IllegalArgumentException("config does not match image " + entry.id());
            }
            Map<String, String> moved = new TreeMap<>();
            List<ImageStore.TagChange> changes = new ArrayList<>();
            for (ImageReference ref : refs) {
                String previous = tags.get(ref.toString());
                if (previous != null && !previous.equals(entry.id())) {
                    moved.put(ref.familiarString(), previous);
                }
                changes.add(new ImageStore.TagChange(ref.toString(), entry.id()));
            }
            Entry existing = images.get(entry.id());
            Instant tagTime = refs.isEmpty() ? (existing == null ? null : existing.lastTagTime())
                    : Instant.ofEpochMilli(now);
            store.putImage(new ImageStore.ImageRow(entry.id(), entry.parent(),
                    tagTime == null ? null : tagTime.toEpochMilli(), now), changes, now);
            Entry stored = new Entry(entry.id(), entry.doc(), entry.chainIds(),
                    existing != null && existing.parent() != null ? existing.parent() : entry.parent(), entry.size(),
                    tagTime);
            images.put(entry.id(), stored);
            changes.forEach(c -> tags.put(c.ref(), c.imageId()));
            return moved;
        } finally {
            lock.unlock();
        }
    }

    void tag(String id, ImageReference ref) {
        long now = System.currentTimeMillis();
        lock.lock();
        try {
            Entry e = images.get(id);
            if (e == null) {
                throw new NoSuchImageException(id);
            }
            store.changeTags(List.of(new ImageStore.TagChange(ref.toString(), id)), id, now);
            tags.put(ref.toString(), id);
            images.put(id, new Entry(e.id(), e.doc(), e.chainIds(), e.parent(), e.size(), Instant.ofEpochMilli(now)));
        } finally {
            lock.unlock();
        }
    }

    /** Removes one tag (a full reference string); false when it did not exist. */
    boolean untag(String ref) {
        lock.lock();
        try {
            if (!tags.containsKey(ref)) {
                return false;
            }
            store.changeTags(List.of(new ImageStore.TagChange(ref, null)), null, System.currentTimeMillis());
            tags.remove(ref);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes an image and its remaining tags, and returns the layers that no image, root filesystem or unfinished
     * registration needs any more; they are marked doomed until {@link #layersRemoved} so nothing re-uses them in
     * between.
     */
    List<String> removeImage(String id) {
        lock.lock();
        try {
            Entry e = images.get(id);
            if (e == null) {
                return List.of();
            }
            List<String> refs = new ArrayList<>();
            tags.forEach((ref, target) -> {
                if (target.equals(id)) {
                    refs.add(ref);
                }
            });
            store.deleteImages(List.of(id), refs);
            refs.forEach(tags::remove);
            images.remove(id);
            try {
                blobs.remove(id);
            } catch (java.io.IOException ex) {
                // An unreferenced blob is removed at the next start; the image itself is gone.
                org.slf4j.LoggerFactory.getLogger(ImageIndex.class).warn("cannot remove config of {}: {}", id,
                        ex.getMessage());
            }
            return claims.doomUnneeded(e.chainIds().reversed(), this::isReferenced);
        } finally {
            lock.unlock();
        }
    }

    /** Layers on disk that nothing needs (for collection at start and after a root filesystem goes). */
    List<String> unneededLayers(Collection<String> onDisk) {
        lock.lock();
        try {
            return claims.doomUnneeded(onDisk, this::isReferenced);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the doom of layers whose removal finished (or failed). */
    void layersRemoved(Collection<String> chains) {
        claims.released(chains);
    }

    /** Keeps a layer from collection until {@link #unpin}; see {@link LayerClaims#pin}. */
    void pin(String chain) {
        claims.pin(chain);
    }

    void unpin(Collection<String> chains) {
        claims.unpin(chains);
    }

    /** Whether an image or a root filesystem stacks the layer. Caller holds the lock. */
    private boolean isReferenced(String chain) {
        for (Entry e : images.values()) {
            if (e.chainIds().contains(chain)) {
                return true;
            }
        }
        for (ImageStore.RootFsRow r : rootfs.values()) {
            if (r.layers().contains(chain)) {
                return true;
            }
        }
        return false;
    }

    void putRootFs(ImageStore.RootFsRow row) {
        lock.lock();
        try {
            store.putRootFs(row);
            rootfs.put(row.containerId(), row);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a root filesystem that is not durable yet: it stacks its layers (they are not collected) and can be
     * mounted, but survives a restart only once {@link #saveRootFs} wrote it.
     */
    void addUnsavedRootFs(ImageStore.RootFsRow row) {
        lock.lock();
        try {
            rootfs.put(row.containerId(), row);
        } finally {
            lock.unlock();
        }
    }

    /** Writes a registered root filesystem, with {@code alongside} in the same transaction. */
    void saveRootFs(String containerId, Database.TxWork<?> alongside) {
        lock.lock();
        try {
            ImageStore.RootFsRow row = rootfs.get(containerId);
            if (row == null) {
                throw new NotFoundException("no root filesystem for container " + containerId);
            }
            store.putRootFs(row, alongside);
        } finally {
            lock.unlock();
        }
    }

    /** The containers that have a root filesystem. */
    List<String> rootFsOwners() {
        lock.lock();
        try {
            return List.copyOf(rootfs.keySet());
        } finally {
            lock.unlock();
        }
    }

    ImageStore.RootFsRow rootFs(String containerId) {
        lock.lock();
        try {
            return rootfs.get(containerId);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a root filesystem (its layers become collectable unless something else needs them). */
    void removeRootFs(String containerId) {
        removeRootFs(containerId, null);
    }

    /** Like {@link #removeRootFs(String)}, with {@code alongside} (when not null) in the same transaction. */
    void removeRootFs(String containerId, Database.TxWork<?> alongside) {
        lock.lock();
        try {
            if (rootfs.remove(containerId) != null || alongside != null) {
                store.deleteRootFs(containerId, alongside != null ? alongside : tx -> null);
            }
        } finally {
            lock.unlock();
        }
    }
}
