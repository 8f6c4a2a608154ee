package dev.berth.image;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.NotFoundException;
import dev.berth.store.Database;
import dev.berth.sys.FileSys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Container root filesystems: an overlay of the image's layer diffs (top layer first as lowerdirs) under Docker's
 * init layer ({@code /.dockerenv}, {@code /etc/hosts} and the other mount targets), with the container's own
 * {@code upper} and {@code work} dirs, mounted on {@code merged}. The record of which layers a root
 * filesystem stacks is durable, and keeps those layers alive even when the image is force-deleted.
 * Thread-safe; callers serialise operations on one container (the container service holds its lock).
 */
public final class RootFs {

    private static final Logger log = LoggerFactory.getLogger(RootFs.class);

    /**
     * Where a container's root filesystem lives: {@code dir} holds {@code init} (Docker's init layer), {@code upper},
     * {@code work} and {@code merged}.
     */
    public record Paths(Path dir, Path init, Path upper, Path work, Path merged) {
        static Paths under(Path dir) {
            return new Paths(dir, dir.resolve("init"), dir.resolve("upper"), dir.resolve("work"),
                    dir.resolve("merged"));
        }
    }

    private final Path defaultParent;
    private final ImageIndex index;
    private final LayerStore layers;
    private final Runnable collectLayers;
    private final Trash trash;

    RootFs(Path defaultParent, ImageIndex index, LayerStore layers, Runnable collectLayers, Trash trash) {
        this.trash = trash;
        this.defaultParent = defaultParent;
        this.index = index;
        this.layers = layers;
        this.collectLayers = collectLayers;
    }

    /** {@link #create(String, String, Path)} under {@code <dataRoot>/containers/<id>}. */
    public Paths create(String containerId, String image) {
        return create(containerId, image, defaultParent.resolve(containerId));
    }

    /**
     * Like {@link #create(String, String)}, but the record is written only by {@link #save}, in the caller's
     * transaction: a container's record and its root filesystem's become durable together (one commit instead of
     * two, and no root filesystem without its container after a crash). Until then the root filesystem can be
     * mounted and its layers are kept, but a restart forgets it; {@link #removeOrphans} deletes what it left.
     */
    public Paths createUnsaved(String containerId, String image) {
        return create(containerId, image, defaultParent.resolve(containerId), false);
    }

    /** Makes the record of a root filesystem from {@link #createUnsaved} durable, with {@code alongside}. */
    public void save(String containerId, Database.TxWork<?> alongside) {
        index.saveRootFs(containerId, alongside);
    }

    /**
     * Creates {@code dir/init}, {@code dir/upper}, {@code dir/work} and {@code dir/merged} for a container of {@code image} (reference
     * or ID) and records which layers it stacks. Does not mount. A second create for the same container and image
     * returns the same paths; for another image it is a conflict.
     */
    public Paths create(String containerId, String image, Path dir) {
        return create(containerId, image, dir, true);
    }

    private Paths create(String containerId, String image, Path dir, boolean durable) {
        ImageIndex.Entry entry = index.resolve(image);
        Paths paths = Paths.under(dir.toAbsolutePath().normalize());
        ImageStore.RootFsRow existing = index.rootFs(containerId);
        if (existing != null) {
            if (existing.imageId().equals(entry.id()) && existing.dir().equals(paths.dir().toString())) {
                return paths;
            }
            throw new ConflictException("root filesystem of container " + containerId + " already exists");
        }
        try {
            for (String chain : entry.chainIds()) {
                index.pin(chain);
            }
            try {
                for (String chain : entry.chainIds()) {
                    if (layers.get(chain) == null) {
                        throw new InternalException("layer " + chain + " of image " + entry.id() + " is missing");
                    }
                }
                Files.createDirectories(paths.dir());
                for (Path p : List.of(paths.upper(), paths.work(), paths.merged())) {
                    Files.createDirectories(p);
                    FileSys.chmod(p, 0755);
                }
                InitLayer.create(paths.init());
                ImageStore.RootFsRow row = new ImageStore.RootFsRow(containerId, entry.id(), entry.chainIds(),
                        paths.dir().toString());
                if (durable) {
                    index.putRootFs(row);
                } else {
                    index.addUnsavedRootFs(row);
                }
            } finally {
                index.unpin(entry.chainIds());
            }
            return paths;
        } catch (IOException e) {
            throw new InternalException("create root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** The paths of a container's root filesystem. */
    public Paths paths(String containerId) {
        return Paths.under(Path.of(row(containerId).dir()));
    }

    /** Mounts the overlay on {@code merged} unless it is mounted already; returns {@code merged}. */
    public Path mount(String containerId) {
        ImageStore.RootFsRow row = row(containerId);
        Paths p = Paths.under(Path.of(row.dir()));
        try {
            if (Overlay.isMounted(p.merged())) {
                return p.merged();
            }
            List<Path> lowers = new java.util.ArrayList<>();
            lowers.add(p.init());
            row.layers().reversed().forEach(chain -> lowers.add(layers.diffPath(chain)));
            Overlay.mount(lowers, p.upper(), p.work(), p.merged());
            log.debug("mounted root filesystem of {} ({} layers)", containerId, lowers.size());
            return p.merged();
        } catch (IOException e) {
            throw new InternalException("mount root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts the overlay; not mounted is fine. */
    public void unmount(String containerId) {
        Paths p = paths(containerId);
        try {
            Overlay.unmount(p.merged());
        } catch (IOException e) {
            throw new InternalException("unmount root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unmounts and deletes {@code init}, {@code upper}, {@code work} and {@code merged} (not {@code dir}, which is the caller's),
     * forgets the record and frees layers nothing else needs. An unknown container is fine (idempotent).
     */
    public void remove(String containerId) {
        remove(containerId, null);
    }

    /**
     * {@link #remove(String)}, forgetting the record in one transaction with {@code alongside} (when not null; it
     * runs even when the container has no root filesystem). The directories' contents are deleted in the
     * background: they are renamed into a trash directory first, so nothing of them stays visible.
     */
    public void remove(String containerId, Database.TxWork<?> alongside) {
        ImageStore.RootFsRow row = index.rootFs(containerId);
        if (row == null) {
            if (alongside != null) {
                index.removeRootFs(containerId, alongside);
            }
            return;
        }
        Paths p = Paths.under(Path.of(row.dir()));
        try {
            Overlay.unmount(p.merged());
            if (Overlay.isMounted(p.merged())) {
                throw new ConflictException("root filesystem of " + containerId + " is still mounted");
            }
            trash.discard(containerId, List.of(p.upper(), p.work(), p.init()));
            Files.deleteIfExists(p.merged());
        } catch (IOException e) {
            throw new InternalException("remove root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
        index.removeRootFs(containerId, alongside);
        collectLayers.run();
        log.debug("removed root filesystem of {}", containerId);
    }

    /**
     * Deletes {@code dir}, a directory of the container's that held its root filesystem (see
     * {@link #create(String, String, Path)}), in the background like the root filesystem itself. Call after
     * {@link #remove}.
     */
    public void discard(String containerId, Path dir) {
        try {
            trash.discard(containerId, List.of(dir));
        } catch (IOException e) {
            throw new InternalException("remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the root filesystems whose container is not in {@code owners} (left by a crash between
     * {@link #createUnsaved} and {@link #save}, or by an older berth), and directories under the default parent that
     * belong to no root filesystem and no owner.
     */
    public void removeOrphans(java.util.Set<String> owners) {
        for (String id : index.rootFsOwners()) {
            if (!owners.contains(id)) {
                log.info("removing root filesystem of unknown container {}", id);
                remove(id);
            }
        }
        java.util.Set<String> known = new java.util.HashSet<>(owners);
        known.addAll(index.rootFsOwners());
        if (!Files.isDirectory(defaultParent)) {
            return;
        }
        try (var dirs = Files.list(defaultParent)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (!known.contains(name) && name.matches("[0-9a-f]{64}")
                        && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Path merged = d.resolve("merged");
                    Overlay.unmount(merged);
                    if (Overlay.isMounted(merged)) {
                        log.warn("leftover container directory {} is still mounted; kept", d);
                        continue;
                    }
                    log.info("removing leftover container directory {}", d);
                    trash.discard(name, List.of(d));
                }
            }
        } catch (IOException e) {
            log.warn("cleaning up {}: {}", defaultParent, e.getMessage());
        }
    }

    /**
     * Streams the container's merged tree as a tar ({@code docker export}), mounting it for the duration when it is
     * not mounted.
     */
    public void export(String containerId, OutputStream out) {
        Paths p = paths(containerId);
        boolean mountedHere = false;
        try {
            if (!Overlay.isMounted(p.merged())) {
                mount(containerId);
                mountedHere = true;
            }
            TreeExporter.export(p.merged(), out);
        } catch (IOException e) {
            throw new InternalException("export " + containerId + ": " + e.getMessage(), e);
        } finally {
            if (mountedHere) {
                unmount(containerId);
            }
        }
    }

    private ImageStore.RootFsRow row(String containerId) {
        ImageStore.RootFsRow row = index.rootFs(containerId);
        if (row == null) {
            throw new NotFoundException("no root filesystem for container " + containerId);
        }
        return row;
    }
}
