package dev.berth.image;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.NotFoundException;
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

    RootFs(Path defaultParent, ImageIndex index, LayerStore layers, Runnable collectLayers) {
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
     * Creates {@code dir/init}, {@code dir/upper}, {@code dir/work} and {@code dir/merged} for a container of {@code image} (reference
     * or ID) and records which layers it stacks. Does not mount. A second create for the same container and image
     * returns the same paths; for another image it is a conflict.
     */
    public Paths create(String containerId, String image, Path dir) {
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
                index.putRootFs(new ImageStore.RootFsRow(containerId, entry.id(), entry.chainIds(),
                        paths.dir().toString()));
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
        ImageStore.RootFsRow row = index.rootFs(containerId);
        if (row == null) {
            return;
        }
        Paths p = Paths.under(Path.of(row.dir()));
        try {
            Overlay.unmount(p.merged());
            if (Overlay.isMounted(p.merged())) {
                throw new ConflictException("root filesystem of " + containerId + " is still mounted");
            }
            Trees.deleteRecursively(p.upper());
            Trees.deleteRecursively(p.work());
            Trees.deleteRecursively(p.init());
            Files.deleteIfExists(p.merged());
        } catch (IOException e) {
            throw new InternalException("remove root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
        index.removeRootFs(containerId);
        collectLayers.run();
        log.debug("removed root filesystem of {}", containerId);
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
