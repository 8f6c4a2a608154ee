package dev.berth.volume;

import dev.berth.archive.Compression;
import dev.berth.archive.FsView;
import dev.berth.archive.MalformedArchiveException;
import dev.berth.archive.TreeArchive;
import dev.berth.errors.BerthException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.mount.CopyUp;
import dev.berth.mount.CopyUpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A volume's content as a tar stream, berth's addition to Docker's volume API (Podman has the first two): export
 * (the volume's data directory, owners, modes, times, hard links and every extended attribute kept), import (a tar merged into an existing
 * volume, its entries replacing what is in their way) and clone (a new volume with the source's driver, options and
 * labels, and a copy of its content).
 *
 * <p>While one of them works on a volume, the volume is held as a container holds it: a reference (so it cannot be
 * removed or pruned; a remove names the holder, {@code export-…}, {@code import-…} or {@code clone-…}) and a mount
 * (so a volume with options or a plugin's volume is mounted for it). Paths are resolved inside the volume through
 * {@link FsView}: no entry of an imported tar, and no symlink in the volume, leads out of it. Thread-safe.
 */
public final class VolumeArchives {

    private static final Logger log = LoggerFactory.getLogger(VolumeArchives.class);
    /** The pipe between a clone's reader and writer. */
    private static final int CLONE_PIPE = 1 << 20;

    private final VolumeService volumes;
    private final AtomicLong sequence = new AtomicLong();

    public VolumeArchives(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** An export, open: the volume is held until it is closed. */
    public interface Export extends AutoCloseable {
        /** Writes the tar: {@code ./} for the volume's root, then everything below it in lexical order. */
        void writeTo(OutputStream out) throws IOException;

        @Override
        void close();
    }

    /**
     * Holds the volume for an export; nothing is written yet, so an unknown volume is an error the caller can still
     * answer with a status.
     *
     * @throws NoSuchVolumeException when there is no such volume
     */
    public Export export(String name) {
        Held held = Held.take(volumes, name, holder("export"));
        return new Export() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                CountingOutput counted = new CountingOutput(out);
                try (FsView view = FsView.open(held.path, List.of())) {
                    TreeArchive.tar(view, "/.", counted, true);
                }
                log.info("volume {} exported ({} bytes of tar)", name, counted.count);
            }

            @Override
            public void close() {
                held.close();
            }
        };
    }

    /**
     * Extracts {@code tar} (plain, gzip, bzip2, xz or zstd) into the volume: directories merge, anything else in an entry's
     * way is replaced, owners, modes, times and hard links come from the tar.
     *
     * @throws NoSuchVolumeException when there is no such volume
     * @throws InvalidArgumentException when the archive is malformed (what came before the fault stays)
     */
    public void importInto(String name, InputStream tar) {
        try (Held held = Held.take(volumes, name, holder("import"))) {
            CountingInput counted = new CountingInput(tar);
            try (FsView view = FsView.open(held.path, List.of())) {
                TreeArchive.extract(view, "/", Compression.decompress(counted), replacing());
            } catch (IOException e) {
                if (MalformedArchiveException.isMalformed(e)) {
                    // What was extracted before the fault stays, as with Docker's copy into a container.
                    throw new InvalidArgumentException("import " + name + ": " + e.getMessage());
                }
                throw TreeArchive.failure("import " + name + ": " + e.getMessage(), e);
            }
            log.info("volume {} imported ({} bytes of tar)", name, counted.count);
        }
    }

    /**
     * Creates {@code target} with the driver, options and labels of {@code source} ({@code labels}, when not null,
     * instead of the source's; never the anonymous label, as the clone has a name) and copies the source's content
     * into it (as copy-up copies image content; merged through a tar when the driver made the target non-empty).
     * A clone that fails removes its target.
     *
     * @throws NoSuchVolumeException when there is no such source
     * @throws dev.berth.errors.ConflictException when {@code target} exists
     */
    public Volume clone(String source, String target, Map<String, String> labels) {
        String ref = holder("clone");
        refuseNamedStorage(volumes.inspect(source));
        try (Held from = Held.take(volumes, source, ref)) {
            Volume v = volumes.createNew(new CreateVolume(target, from.volume.driver(), from.volume.options(),
                    labels != null ? labels : namedLabels(from.volume.labels()), ref));
            boolean copied = false;
            try (Held to = Held.mount(volumes, v, ref)) {
                copyInto(from.path, to.path);
                copied = true;
            } finally {
                if (!copied) {
                    volumes.release(target, ref);
                    removeQuietly(target);
                }
            }
            log.info("volume {} cloned from {}", target, source);
            return volumes.inspect(target);
        }
    }

    /**
     * A local volume whose options give a type or device is a mount of storage those options name: the same options
     * mount the same directory, block device or share again (a copy onto itself), or a new empty tmpfs (a copy that
     * is gone at its unmount). Neither is a clone; export and import move the content between such volumes.
     */
    private static void refuseNamedStorage(Volume source) {
        Map<String, String> o = source.options();
        if (!source.driver().equals("local") || o == null) {
            return;
        }
        String type = o.getOrDefault("type", "");
        String device = o.getOrDefault("device", "");
        if (type.isEmpty() && device.isEmpty()) {
            return;
        }
        String why = type.equals("tmpfs")
                ? "its tmpfs content lives only while it is mounted"
                : "its options name its storage (device " + device + "), which a volume with the same options shares";
        throw new InvalidArgumentException("clone " + source.name() + ": " + why
                + "; create a volume with these options, or use export and import to copy its content");
    }

    /** A source's labels for a clone, which has a name: the anonymous label, if any, stays with the source. */
    private static Map<String, String> namedLabels(Map<String, String> labels) {
        if (labels == null || !labels.containsKey(VolumeService.ANONYMOUS_LABEL)) {
            return labels;
        }
        Map<String, String> named = new java.util.TreeMap<>(labels);
        named.remove(VolumeService.ANONYMOUS_LABEL);
        return named;
    }

    /**
     * Copies the tree as copy-up copies image content (descriptor-relative, content by copy_file_range on two
     * workers, every owner, mode, xattr, time and hard link, the root's metadata too); a target its driver did not
     * create empty gets the source merged into it through a tar instead.
     */
    private static void copyInto(Path from, Path to) {
        CopyUpResult r;
        try {
            r = CopyUp.copyDirectoryIfEmpty(from, to);
        } catch (IOException e) {
            throw new InternalException("clone: " + e.getMessage(), e);
        }
        switch (r.outcome()) {
            case COPIED -> { }
            case TARGET_NOT_EMPTY -> copy(from, to);
            default -> throw new InternalException("clone: the source is not a directory: " + r.outcome());
        }
    }

    /** Tars {@code from} into a pipe on a virtual thread and extracts it from the pipe into {@code to}. */
    private static void copy(Path from, Path to) {
        PipedInputStream in = new PipedInputStream(CLONE_PIPE);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new InternalException("clone: " + e.getMessage(), e);
        }
        CompletableFuture<Void> writer = new CompletableFuture<>();
        Thread.ofVirtual().name("clone-writer").start(() -> {
            try (out; FsView view = FsView.open(from, List.of())) {
                TreeArchive.tar(view, "/.", out, true);
                writer.complete(null);
            } catch (Throwable t) {
                writer.completeExceptionally(t);
            }
        });
        try (in; FsView view = FsView.open(to, List.of())) {
            TreeArchive.extract(view, "/", in, replacing());
        } catch (IOException e) {
            throw new InternalException("clone: " + e.getMessage(), e);
        } finally {
            // A reader that failed closed the pipe, which ends the writer too; either way it is done before we go on.
            try {
                writer.get();
            } catch (ExecutionException e) {
                // The reader saw an end of the tar it could take for the whole of it: the writer's error is the one.
                Throwable cause = e.getCause();
                if (cause instanceof BerthException be) {
                    throw be;
                }
                throw new InternalException("clone: " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InternalException("clone: interrupted", e);
            }
        }
    }

    private static TreeArchive.ExtractOptions replacing() {
        return new TreeArchive.ExtractOptions(false, null, null, true);
    }

    private void removeQuietly(String name) {
        try {
            volumes.remove(name, true);
        } catch (BerthException e) {
            log.warn("volume {}: remove after a failed clone: {}", name, e.getMessage());
        }
    }

    private String holder(String what) {
        return what + "-" + Long.toHexString(System.currentTimeMillis()) + Long.toHexString(sequence.incrementAndGet());
    }

    /** A volume referenced and mounted for one holder; closing unmounts and releases. */
    private static final class Held implements AutoCloseable {
        private final VolumeService volumes;
        final Volume volume;
        final String ref;
        final Path path;

        private Held(VolumeService volumes, Volume volume, String ref, Path path) {
            this.volumes = volumes;
            this.volume = volume;
            this.ref = ref;
            this.path = path;
        }

        static Held take(VolumeService volumes, String name, String ref) {
            Volume v = volumes.acquire(name, ref);
            try {
                return mount(volumes, v, ref);
            } catch (RuntimeException e) {
                volumes.release(name, ref);
                throw e;
            }
        }

        /** Mounts a volume the holder already references. */
        static Held mount(VolumeService volumes, Volume v, String ref) {
            return new Held(volumes, v, ref, Path.of(volumes.mount(v.name(), ref)));
        }

        @Override
        public void close() {
            try {
                volumes.unmount(volume.name(), ref);
            } finally {
                volumes.release(volume.name(), ref);
            }
        }
    }

    private static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
