package dev.berth.image;


import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unpacks one layer tar into an empty diff directory in overlayfs form, streaming: OCI whiteouts become 0:0 character
 * devices, opaque markers the {@code trusted.overlay.opaque} xattr; owners, modes (with setuid/setgid/sticky),
 * xattrs, devices, hard links and times are restored; directory times are set last. While unpacking it computes the
 * diff ID and writes the tar-split that lets {@link TarSplitReader} rebuild the tar.
 *
 * <p>Entries stay inside the layer: names are cleaned lexically (escapes refused) and every parent directory is
 * checked with lstat, so an entry can never be written through a symlink, whether the archive made it or not.
 * The diff directory is private to berth while it is unpacked, so nothing can swap a checked directory.
 * Not thread-safe; one instance per layer.
 */
final class LayerUnpacker {

    private static final Logger log = LoggerFactory.getLogger(LayerUnpacker.class);
    private static final String WHITEOUT = ".wh.";
    private static final String WHITEOUT_META = ".wh..wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final byte[] OPAQUE_VALUE = {'y'};

    /** What unpacking produced: the diff ID, the bytes of files and symlinks (Docker's size), the tar's length. */
    record Result(String diffId, long size, long tarSize) {}

    private record DirTime(Path path, FileTime atime, FileTime mtime) {}

    private final DiffTree tree;
    private final List<DirTime> dirTimes = new ArrayList<>();
    private final byte[] buf = new byte[64 * 1024];
    private long size;

    private LayerUnpacker(Path root, Path dup) {
        this.tree = new DiffTree(root, dup);
    }

    /**
     * Unpacks the uncompressed tar {@code in} into {@code diffDir} (which must exist and be empty), writing the
     * tar-split to {@code splitFile}; {@code dupDir} receives content of files a later entry replaced.
     */
    static Result unpack(InputStream in, Path diffDir, Path splitFile, Path dupDir) throws IOException {
        MessageDigest digest = Digests.sha256();
        try (TarSplitWriter split = new TarSplitWriter(splitFile)) {
            InputStream hashed = new BufferedInputStream(new DigestInputStream(in, digest), 64 * 1024);
            RawRecorder recorder = new RawRecorder(hashed, split);
            TarArchiveInputStream tar = new TarArchiveInputStream(recorder);
            LayerUnpacker u = new LayerUnpacker(diffDir, dupDir);
            while (true) {
                recorder.startSegment();
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException e) {
                    throw new LayerFormatException("invalid tar header: " + e.getMessage(), e);
                }
                if (entry == null) {
                    break;
                }
                u.entry(tar, recorder, split, entry);
                // Whatever content the entry handler did not read is consumed here, recorded as raw bytes.
                while (tar.read(u.buf) >= 0) {
                    // drain
                }
            }
            // Bytes after the end-of-archive marker belong to the diff ID too; record them.
            while (recorder.read(u.buf) >= 0) {
                // drain
            }
            u.applyDirTimes();
            split.finish();
            return new Result(Digests.format(digest.digest()), u.size, split.total());
        }
    }

    private void entry(TarArchiveInputStream tar, RawRecorder recorder, TarSplitWriter split, TarArchiveEntry e)
            throws IOException {
        if (e.isGlobalPaxHeader()) {
            return;
        }
        String rel = EntryNames.clean(e.getName());
        if (rel.startsWith(WHITEOUT_META) && !rel.equals(OPAQUE)) {
            // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs) has no meaning for overlay.
            return;
        }
        String parent = EntryNames.parent(rel);
        String base = EntryNames.base(rel);
        if (!rel.isEmpty()) {
            tree.ensureDirectory(parent, rel, true);
        }
        Map<String, byte[]> xattrs = recorder.xattrs();
        if (xattrs == null) {
            xattrs = Map.of(); // a header area of over a megabyte is not headers
        }
        if (base.equals(OPAQUE)) {
            FileSys.lsetxattr(tree.resolve(parent), "trusted.overlay.opaque", OPAQUE_VALUE);
            return;
        }
        if (base.startsWith(WHITEOUT)) {
            if (base.startsWith(WHITEOUT_META)) {
                return;
            }
            String target = EntryNames.join(parent, base.substring(WHITEOUT.length()));
            if (base.length() == WHITEOUT.length()) {
                throw new LayerFormatException("invalid whiteout entry \"" + e.getName() + "\"");
            }
            tree.removeExisting(target);
            Path p = tree.resolve(target);
            FileSys.mknod(p, FileSys.S_IFCHR, 0, 0);
            FileSys.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
            return;
        }
        if (rel.isEmpty() && !e.isDirectory()) {
            throw new LayerFormatException("invalid archive entry \"" + e.getName() + "\": the root must be a directory");
        }
        Path path = tree.resolve(rel);
        BasicFileAttributes existing = DiffTree.lstat(path);
        if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
            tree.removeExisting(rel);
        }
        int mode = e.getMode() & 07777;
        if (e.isDirectory()) {
            if (existing == null || !existing.isDirectory()) {
                Files.createDirectory(path);
            }
            tree.knownDirectory(rel);
        } else if (e.isSymbolicLink()) {
            if (e.getLinkName().isEmpty()) {
                throw new LayerFormatException("invalid symlink \"" + e.getName() + "\": empty target");
            }
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            // Docker counts a symlink's own size (its target's length) in layer sizes; so does berth.
            size += e.getLinkName().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } else if (e.isLink()) {
            hardLink(e, path);
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            FileSys.mknod(path, (e.isCharacterDevice() ? FileSys.S_IFCHR : FileSys.S_IFBLK) | mode,
                    e.getDevMajor(), e.getDevMinor());
        } else if (e.isFIFO()) {
            FileSys.mknod(path, FileSys.S_IFIFO | mode, 0, 0);
        } else if (isRegular(e)) {
            regularFile(tar, recorder, split, e, rel, path);
        } else {
            throw new LayerFormatException("unhandled tar header type " + e.getLinkFlag() + " for \"" + e.getName()
                    + "\"");
        }
        applyMetadata(e, path, mode, xattrs);
    }

    private static boolean isRegular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == '0' || flag == 0 || flag == '7' || (e.isSparse() && flag == 'S');
    }

    private void regularFile(TarArchiveInputStream tar, RawRecorder recorder, TarSplitWriter split,
                             TarArchiveEntry e, String rel, Path path) throws IOException {
        // Sparse entries are stored raw in the split (their tar bytes are not the file's bytes).
        boolean byReference = e.getSize() > 0 && !e.isSparse();
        if (byReference) {
            tree.contentAt(rel, split.file(rel, e.getSize()));
            recorder.contentMode(true);
        }
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long copied = 0;
            int n;
            while ((n = tar.read(buf)) >= 0) {
                out.write(buf, 0, n);
                copied += n;
            }
            if (byReference && copied != e.getSize()) {
                throw new LayerFormatException("truncated archive: \"" + e.getName() + "\" is short");
            }
            size += e.isSparse() ? e.getRealSize() : e.getSize();
        } finally {
            recorder.contentMode(false);
        }
    }

    private void hardLink(TarArchiveEntry e, Path path) throws IOException {
        String target = EntryNames.clean(e.getLinkName());
        if (target.isEmpty()) {
            throw new LayerFormatException("invalid hardlink \"" + e.getName() + "\" -> \"" + e.getLinkName() + "\"");
        }
        tree.ensureDirectory(EntryNames.parent(target), target, false);
        Path targetPath = tree.resolve(target);
        BasicFileAttributes t = DiffTree.lstat(targetPath);
        if (t == null || t.isDirectory()) {
            throw new LayerFormatException("invalid hardlink \"" + e.getName() + "\" -> \"" + e.getLinkName()
                    + "\": target is not an earlier entry of this layer");
        }
        Files.createLink(path, targetPath);
    }

    /** Owner, xattrs, mode, then times, in that order: chown clears setuid bits and file capabilities. */
    private void applyMetadata(TarArchiveEntry e, Path path, int mode, Map<String, byte[]> xattrs) throws IOException {
        boolean symlink = e.isSymbolicLink();
        if (e.isLink() && Files.isSymbolicLink(path)) {
            return;
        }
        FileSys.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            if (x.getKey().startsWith("trusted.overlay.")) {
                // Only berth's whiteout conversion may speak overlayfs; a layer must not redirect lookups.
                log.debug("ignoring {} on {}", x.getKey(), e.getName());
                continue;
            }
            try {
                FileSys.lsetxattr(path, x.getKey(), x.getValue());
            } catch (ErrnoException ex) {
                // As Docker: a filesystem without xattr support (or a refusal) drops the attribute, nothing more.
                log.warn("cannot set xattr {} on {}: {}", x.getKey(), e.getName(), ex.getMessage());
            }
        }
        if (!symlink) {
            FileSys.chmod(path, mode);
        }
        FileTime mtime = e.getLastModifiedTime();
        FileTime atime = e.getLastAccessTime();
        if (atime == null || atime.compareTo(mtime) < 0) {
            atime = mtime;
        }
        if (e.isDirectory()) {
            dirTimes.add(new DirTime(path, atime, mtime));
        } else {
            setTimes(path, atime, mtime);
        }
    }

    private void applyDirTimes() throws IOException {
        for (DirTime d : dirTimes) {
            setTimes(d.path(), d.atime(), d.mtime());
        }
    }

    private static void setTimes(Path p, FileTime atime, FileTime mtime) throws ErrnoException {
        var a = atime.toInstant();
        var m = mtime.toInstant();
        FileSys.utimesNoFollow(p, a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
    }
}
