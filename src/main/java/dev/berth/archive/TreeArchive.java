package dev.berth.archive;

import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoPath;
import dev.berth.gotext.GoQuote;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker cp} does in a filesystem view ({@link FsView}), as Docker's archive code (volume export and
 * import use the same):
 * the stat of a path (Docker's {@code PathStat}), a tar of a path rebased on its requested name, and the extraction
 * of a tar into a directory with Docker's overwrite rules, ownership and times. Stateless.
 */
public final class TreeArchive {

    /** Go's {@code os.FileMode} bits above the permissions. */
    static final long MODE_DIR = 1L << 31;
    static final long MODE_SYMLINK = 1L << 27;
    static final long MODE_DEVICE = 1L << 26;
    static final long MODE_NAMED_PIPE = 1L << 25;
    static final long MODE_SOCKET = 1L << 24;
    static final long MODE_SETUID = 1L << 23;
    static final long MODE_SETGID = 1L << 22;
    static final long MODE_CHAR_DEVICE = 1L << 21;
    static final long MODE_STICKY = 1L << 20;

    /** Docker's {@code container.PathStat}; {@code mode} is a Go {@code os.FileMode}. */
    public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
    }

    /** Nothing at the path (Docker answers 404 for it). */
    public static final class NotFound extends IOException {
        NotFound(String message) {
            super(message);
        }
    }

    /**
     * How an extraction treats what is already there and whom new files belong to. {@code rootMetadata}: the tar's
     * own root entry ({@code ./}) gives the destination directory its owner, mode, xattrs and times (a volume import);
     * Docker's extraction leaves the destination as it is.
     */
    public record ExtractOptions(boolean noOverwriteDirNonDir, Integer chownUid, Integer chownGid,
                                 boolean rootMetadata) {

        /** Docker's options: the destination itself is never changed. */
        public ExtractOptions(boolean noOverwriteDirNonDir, Integer chownUid, Integer chownGid) {
            this(noOverwriteDirNonDir, chownUid, chownGid, false);
        }
    }

    private TreeArchive() {
    }

    /** Docker's {@code PreserveTrailingDotOrSeparator(Join("/", path), path)}. */
    public static String absPath(String path) {
        String cleaned = GoPath.clean("/" + path);
        if (!GoPath.base(cleaned).equals(".") && GoPath.base(path).equals(".")) {
            if (!cleaned.endsWith("/")) {
                cleaned += "/";
            }
            cleaned += ".";
        }
        if (!cleaned.endsWith("/") && path.endsWith("/")) {
            cleaned += "/";
        }
        return cleaned;
    }

    /** A path whose last component is followed: it ends in a separator or in "." (a directory is meant). */
    private static boolean followsLast(String absPath) {
        return absPath.endsWith("/") || GoPath.base(absPath).equals(".");
    }

    /** Docker's stat of {@code absPath} (see {@link #absPath}): lstat, with a symlink's target resolved in scope. */
    public static PathStat stat(FsView view, String absPath) throws IOException {
        Stat st;
        try (FsView.Location l = view.resolve(absPath, followsLast(absPath))) {
            st = l.lstat();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new NotFound("lstat " + absPath + ": no such file or directory");
            }
            throw e;
        }
        if (absPath.endsWith("/") && !st.isDirectory()) {
            throw new ErrnoException(Errno.ENOTDIR, "lstat", absPath);
        }
        String target = "";
        if (st.isSymlink()) {
            try (FsView.Location l = view.resolve(absPath, true)) {
                target = l.path;
            } catch (ErrnoException e) {
                // A link into a missing directory: as Docker's FollowSymlinkInScope, what is left stays lexical.
                try (FsView.Location l = view.resolve(absPath, false)) {
                    String link = Files.readSymbolicLink(l.hostPath()).toString();
                    target = GoPath.clean(link.startsWith("/") ? link : GoPath.dir(l.path) + "/" + link);
                }
            }
        }
        return new PathStat(GoPath.base(absPath), st.size(), goMode(st), Instant.ofEpochSecond(st.mtimeSec(),
                st.mtimeNsec()), target);
    }

    /** Go's {@code os.FileMode} of a stat, as {@code os.Lstat} builds it. */
    static long goMode(Stat st) {
        long m = st.mode() & 0777;
        m |= switch (st.type()) {
            case FileSys.S_IFBLK -> MODE_DEVICE;
            case FileSys.S_IFCHR -> MODE_DEVICE | MODE_CHAR_DEVICE;
            case FileSys.S_IFDIR -> MODE_DIR;
            case FileSys.S_IFIFO -> MODE_NAMED_PIPE;
            case FileSys.S_IFLNK -> MODE_SYMLINK;
            case FileSys.S_IFSOCK -> MODE_SOCKET;
            default -> 0;
        };
        if ((st.mode() & 02000) != 0) {
            m |= MODE_SETGID;
        }
        if ((st.mode() & 04000) != 0) {
            m |= MODE_SETUID;
        }
        if ((st.mode() & 01000) != 0) {
            m |= MODE_STICKY;
        }
        return m;
    }

    // --- GET: a tar of a path ---

    /**
     * Writes the tar Docker's archive endpoint sends for {@code absPath}: the resource (never followed if it is a
     * symlink) and, for a directory, everything below it, walked in lexical order across the view's mounts; names
     * start with the requested base name ("." for a path ending in "/.").
     */
    public static void tar(FsView view, String absPath, OutputStream out) throws IOException {
        tar(view, absPath, out, false);
    }

    /**
     * As {@link #tar(FsView, String, OutputStream)}; with {@code allXattrs} every extended attribute of a file or
     * directory goes into the tar (a volume export), where Docker's archive takes only {@code security.capability}.
     */
    public static void tar(FsView view, String absPath, OutputStream out, boolean allXattrs) throws IOException {
        String cleaned = GoPath.clean(absPath);
        if (GoPath.base(absPath).equals(".") && !cleaned.endsWith("/.")) {
            cleaned = cleaned.equals("/") ? "/." : cleaned + "/.";
        }
        String sourceDir = GoPath.dir(cleaned);
        String sourceBase = GoPath.base(cleaned);
        String rebase = GoPath.base(absPath);
        String start = sourceBase.equals(".") ? sourceDir : GoPath.clean(sourceDir + "/" + sourceBase);
        // Entry names as Docker's archive makes them: the requested base name first ("." for a directory's
        // contents), and for the root itself absolute names ("/", "/bin/", ...).
        String rootName = sourceBase.equals("/") ? "/" : sourceBase.equals(".") ? "." : rebase;
        TarWriter tar = new TarWriter(out);
        HardLinks links = new HardLinks();
        // A path ending in a separator or "." means the directory a symlink there points to.
        try (FsView.Location l = view.resolve(start, followsLast(absPath))) {
            Stat st;
            try {
                st = l.lstat();
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) {
                    throw new NotFound("lstat " + absPath + ": no such file or directory");
                }
                throw e;
            }
            if (writeEntry(tar, l, rootName, st, links, allXattrs) && st.isDirectory()) {
                walk(view, tar, l, rootName, links, allXattrs);
            }
        }
        tar.finish();
    }

    /** A directory still to list: open, where it is in the view, the name its entries get under. */
    private record Pending(Fd dir, String path, FsView.ViewMount mount, String name) {
    }

    /**
     * Writes everything below {@code top} in lexical order, depth first, without recursion (trees of any depth) and
     * without resolving from the root again: each entry is looked at through its directory's descriptor.
     */
    private static void walk(FsView view, TarWriter tar, FsView.Location top, String topName,
                             HardLinks links, boolean allXattrs) throws IOException {
        java.util.ArrayDeque<java.util.Iterator<String>> iterators = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Pending> dirs = new java.util.ArrayDeque<>();
        try {
            dirs.push(new Pending(top.open(), top.path, top.mount, topName));
            iterators.push(list(dirs.peek().dir()).iterator());
            while (!dirs.isEmpty()) {
                Pending cur = dirs.peek();
                java.util.Iterator<String> it = iterators.peek();
                if (!it.hasNext()) {
                    iterators.pop();
                    dirs.pop().dir().close();
                    continue;
                }
                String child = it.next();
                String childName = cur.name().endsWith("/") ? cur.name() + child : cur.name() + "/" + child;
                try (FsView.Location l = view.child(cur.dir(), cur.path(), cur.mount(), child)) {
                    Stat st;
                    try {
                        st = l.lstat();
                    } catch (ErrnoException e) {
                        if (e.errno() == Errno.ENOENT) {
                            continue; // removed while we walked
                        }
                        throw e;
                    }
                    if (writeEntry(tar, l, childName, st, links, allXattrs) && st.isDirectory()) {
                        Fd sub = l.open();
                        if (!sub.fstat().isDirectory()) {
                            sub.close(); // swapped for something else since the lstat: not followed
                            continue;
                        }
                        dirs.push(new Pending(sub, l.path, l.mount, childName));
                        iterators.push(list(sub).iterator());
                    }
                }
            }
        } finally {
            for (Pending p : dirs) {
                p.dir().close();
            }
        }
    }

    private static List<String> list(Fd dir) throws IOException {
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir.procPath()))) {
            ds.forEach(p -> children.add(p.getFileName().toString()));
        }
        children.sort(String::compareTo);
        return children;
    }

    /** One entry as Docker's archive writes it; false for what it skips (sockets). */
    private static boolean writeEntry(TarWriter tar, FsView.Location l, String name, Stat st,
                                      HardLinks links, boolean allXattrs) throws IOException {
        byte flag = TarWriter.typeOf(st.type());
        String link = "";
        long size = 0;
        String entryName = name;
        if (flag == 0) {
            return false;
        } else if (flag == TarWriter.DIR) {
            entryName = name.endsWith("/") ? name : name + "/";
        } else if (flag == TarWriter.REG) {
            String first = links.earlierName(st.dev(), st.ino(), st.nlink(), name);
            if (first != null) {
                flag = TarWriter.LINK;
                link = first;
            } else {
                size = st.size();
            }
        } else if (flag == TarWriter.SYMLINK) {
            link = Files.readSymbolicLink(l.hostPath()).toString();
        }
        Map<String, byte[]> xattrs = Map.of();
        if (flag != TarWriter.SYMLINK && allXattrs) {
            xattrs = new java.util.TreeMap<>();
            List<String> names;
            try {
                names = FileSys.llistxattr(l.hostPath());
            } catch (ErrnoException e) {
                names = List.of(); // a file system without xattrs
            }
            for (String x : names) {
                try {
                    xattrs.put(x, FileSys.lgetxattr(l.hostPath(), x));
                } catch (ErrnoException e) {
                    // removed since it was listed
                }
            }
        } else if (flag != TarWriter.SYMLINK) {
            try {
                xattrs = Map.of("security.capability", FileSys.lgetxattr(l.hostPath(), "security.capability"));
            } catch (ErrnoException e) {
                // none, or not supported: Docker reads only this one and skips it when absent
            }
        }
        // Go's tar header: the file type bits in the mode too (0100644, 040755, 0120777), as Docker's tars carry them.
        TarWriter.Header h = new TarWriter.Header(entryName, flag, st.mode(), st.uid(), st.gid(), size,
                st.mtimeSec(), link, st.rdevMajor(), st.rdevMinor(), xattrs);
        if (flag == TarWriter.REG && size > 0) {
            // Pin the inode (O_PATH, no follow) and check it is the regular file the lstat saw before opening it for
            // reading through that descriptor: a container process that swaps in a device node or a FIFO under the
            // same name meanwhile must never make the daemon open it.
            try (Fd f = l.open()) {
                Stat now = f.fstat();
                if (!now.isRegularFile() || now.dev() != st.dev() || now.ino() != st.ino()) {
                    return false; // replaced while we looked: skipped, as a file removed meanwhile
                }
                try (InputStream in = Files.newInputStream(Path.of(f.procPath()))) {
                    tar.writeEntry(h, in);
                }
            }
        } else {
            tar.writeHeader(h);
        }
        return true;
    }

    // --- PUT: extract a tar into a directory ---

    /**
     * Extracts {@code tarStream} (uncompressed) below the directory {@code dest} (a resolved container path) as
     * Docker's {@code Untar} does it chrooted into the container ({@code chrootarchive}, so ".." stops at the
     * view's root as it stops at the chroot's): names cleaned, escapes from {@code dest} refused, implied parents
     * created (0755), whatever is in the way removed (a directory over a directory is merged), owners, modes, xattrs
     * (byte-exact) and times restored, directory times last. Entries under a read-only mount fail as the kernel
     * would fail them.
     */
    public static void extract(FsView view, String dest, InputStream tarStream, ExtractOptions options)
            throws IOException {
        RawHeaders raw = new RawHeaders(tarStream);
        TarArchiveInputStream tar = new TarArchiveInputStream(raw, StandardCharsets.UTF_8.name());
        List<TarArchiveEntry> dirs = new ArrayList<>();
        ParentCache parents = new ParentCache();
        try (ContentBuffer buffer = new ContentBuffer()) {
            extractEntries(view, dest, tar, raw, options, dirs, parents, buffer);
        } finally {
            parents.clear();
        }
        finishDirectories(view, dest, dirs);
    }

    /**
     * The directory the last entry went into, kept open: a tar lists a directory's files one after another, and
     * each would otherwise be resolved from the view's root again, with its implied parents. Forgotten as soon as
     * an entry replaces that directory or one above it.
     */
    private static final class ParentCache {
        private String lexical;
        private String resolved;
        private Fd dir;
        private FsView.ViewMount mount;

        /** The entry {@code base} of the directory {@code lexicalDir} if that is the one remembered, else null. */
        FsView.Location child(FsView view, String lexicalDir, String base) throws ErrnoException {
            return dir != null && lexicalDir.equals(lexical) ? view.child(dir, resolved, mount, base) : null;
        }

        /** Remembers the directory holding {@code l} (reached as {@code lexicalDir}). */
        void remember(String lexicalDir, FsView.Location l) throws ErrnoException {
            clear();
            if (!l.name.isEmpty()) {
                dir = Fd.open(Path.of(l.dir.procPath()), Fd.O_PATH | Fd.O_DIRECTORY, 0);
                lexical = lexicalDir;
                resolved = GoPath.dir(l.path);
                mount = l.mount;
            }
        }

        /** An entry at {@code resolvedPath} is about to change: forget the directory if it is that or below it. */
        void changed(String resolvedPath) {
            if (dir != null && GoPath.within(resolvedPath, resolved)) {
                clear();
            }
        }

        void clear() {
            if (dir != null) {
                dir.close();
                dir = null;
            }
            lexical = null;
            resolved = null;
            mount = null;
        }
    }

    private static void extractEntries(FsView view, String dest, TarArchiveInputStream tar, RawHeaders raw,
                                       ExtractOptions options, List<TarArchiveEntry> dirs, ParentCache parents,
                                       ContentBuffer buffer)
            throws IOException {
        while (true) {
            raw.startSegment();
            TarArchiveEntry e;
            try {
                e = tar.getNextEntry();
            } catch (IOException | IllegalArgumentException ex) {
                throw malformed(raw, ex, "archive/tar: invalid tar header");
            }
            if (e == null) {
                // The reader takes a stream that ends inside a header record for its end; Go's does not.
                if (raw.position() % TarConstants.DEFAULT_RCDSIZE != 0) {
                    throw new MalformedArchiveException("unexpected EOF");
                }
                break;
            }
            Map<String, byte[]> xattrs = raw.xattrs();
            raw.contentMode(true);
            if (e.isGlobalPaxHeader()) {
                continue;
            }
            String name = GoPath.clean(e.getName());
            String parent = GoPath.dir(name);
            String path = GoPath.clean(dest + "/" + name);
            if (!GoPath.within(dest, path)) {
                throw new MalformedArchiveException(GoQuote.quote(name) + " is outside of " + GoQuote.quote(dest));
            }
            int uid = options.chownUid() != null ? options.chownUid() : (int) e.getLongUserId();
            int gid = options.chownGid() != null ? options.chownGid() : (int) e.getLongGroupId();
            String base = GoPath.base(path);
            FsView.Location cached = base.equals(".") || base.equals("..") || base.equals("/") ? null
                    : parents.child(view, GoPath.dir(path), base);
            if (cached == null) {
                impliedDirectories(view, GoPath.clean(dest + "/" + parent));
            }
            try (FsView.Location l = cached != null ? cached : view.resolve(path, false)) {
                if (cached == null) {
                    parents.remember(GoPath.dir(path), l);
                }
                if (!FsView.writable(l)) {
                    throw new ErrnoException(Errno.EROFS, "open", path);
                }
                Stat existing = null;
                try {
                    existing = l.lstat();
                } catch (ErrnoException notThere) {
                    if (notThere.errno() != Errno.ENOENT) {
                        throw notThere;
                    }
                }
                if (existing != null) {
                    if (options.noOverwriteDirNonDir() && existing.isDirectory() && !e.isDirectory()) {
                        throw new IOException("cannot overwrite directory " + GoQuote.quote(path)
                                + " with non-directory " + GoQuote.quote(dest));
                    }
                    if (options.noOverwriteDirNonDir() && !existing.isDirectory() && e.isDirectory()) {
                        throw new IOException("cannot overwrite non-directory " + GoQuote.quote(path)
                                + " with directory " + GoQuote.quote(dest));
                    }
                    if (existing.isDirectory() && name.equals(".")) {
                        if (options.rootMetadata() && e.isDirectory()) {
                            finish(l, e, uid, gid, xattrs);
                            dirs.add(e);
                        }
                        continue;
                    }
                    if (!(existing.isDirectory() && e.isDirectory())) {
                        // A mount point, or a directory holding one, cannot go (Docker's unlinkat fails EBUSY);
                        // deleting the directory under a running container's mount would detach its volume.
                        if (l.name.isEmpty() || view.holdsMount(l.path)) {
                            throw new IOException("unlinkat " + l.path + ": device or resource busy");
                        }
                        removeAll(l);
                    }
                }
                parents.changed(l.path);
                if (isRegularFile(e)) {
                    regularFile(l, e, tar, raw, uid, gid, xattrs, buffer);
                } else {
                    create(view, l, e, dest, path);
                    finish(l, e, uid, gid, xattrs);
                }
            }
            if (e.isDirectory()) {
                dirs.add(e);
            }
        }
    }

    private static void finishDirectories(FsView view, String dest, List<TarArchiveEntry> dirs)
            throws IOException {
        for (TarArchiveEntry d : dirs) {
            // As Docker's chtimes, which follows a symlink that replaced the directory meanwhile.
            String path = GoPath.clean(dest + "/" + GoPath.clean(d.getName()));
            try (FsView.Location l = view.resolve(path, true)) {
                if (!FsView.writable(l)) {
                    throw new IOException("chtimes " + path + ": read-only file system");
                }
                times(l, d);
            }
        }
    }

    /** Creates the missing parents of an entry (0755, root's). */
    private static void impliedDirectories(FsView view, String dir)
            throws IOException {
        // As Docker: only when nothing is there (an lstat), so a dangling symlink is left to fail later.
        try (FsView.Location l = view.resolve(dir, false)) {
            l.lstat();
            return;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        String parent = GoPath.dir(dir);
        if (!parent.equals(dir)) {
            impliedDirectories(view, parent);
        }
        try (FsView.Location l = view.resolve(dir, true)) {
            if (!FsView.writable(l)) {
                throw new ErrnoException(Errno.EROFS, "mkdir", dir);
            }
            Files.createDirectory(l.hostPath());
            try (Fd f = l.open()) {
                FileSys.chmod(Path.of(f.procPath()), 0755);
            }
            FileSys.lchown(l.hostPath(), 0, 0); // Docker's root pair, whatever the entries' owner
        }
    }

    /** Anything but a regular file ({@link #regularFile}): a directory, a link, a device node or a FIFO. */
    private static void create(FsView view, FsView.Location l, TarArchiveEntry e, String dest, String path)
            throws IOException {
        Path p = l.hostPath();
        if (e.isDirectory()) {
            try {
                if (l.lstat().isDirectory()) {
                    return;
                }
            } catch (ErrnoException absent) {
                // create it
            }
            Files.createDirectory(p);
        } else if (e.isSymbolicLink()) {
            String target = GoPath.clean(GoPath.dir(path) + "/" + e.getLinkName());
            if (!target.startsWith(dest)) {
                throw new MalformedArchiveException("invalid symlink " + GoQuote.quote(path) + " -> "
                        + GoQuote.quote(e.getLinkName()));
            }
            Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            String target = GoPath.clean(dest + "/" + e.getLinkName());
            if (!target.startsWith(dest)) {
                throw new MalformedArchiveException("invalid hardlink " + GoQuote.quote(target) + " -> "
                        + GoQuote.quote(e.getLinkName()));
            }
            try (FsView.Location existing = view.resolve(target, false)) {
                existing.lstat();
                // The kernel refuses a link across mounts (EXDEV); the view works on host paths, so it checks: a
                // link from a writable mount to a file of a read-only one would open that file to writes.
                if (!java.util.Objects.equals(existing.mount, l.mount)) {
                    throw new IOException("link " + target + " " + path + ": invalid cross-device link");
                }
                Files.createLink(p, existing.hostPath());
            } catch (ErrnoException missing) {
                // Go's LinkError, as os.Link reports it
                throw new IOException("link " + target + " " + path + ": " + ErrnoException.strerror(missing.errno()));
            }
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? FileSys.S_IFCHR : e.isBlockDevice() ? FileSys.S_IFBLK : FileSys.S_IFIFO;
            FileSys.mknod(p, type | (e.getMode() & 07777), e.getDevMajor(), e.getDevMinor());
        } else {
            throw new IOException("unhandled tar header type " + e.getLinkFlag());
        }
    }

    /**
     * An extraction's failure as the 500 it is, with its cause (and so a logged stack trace) only where the text is
     * not the whole story: the archive's own faults and failed system calls naming their path and errno say it all.
     */
    public static InternalException failure(String message, IOException e) {
        boolean speaksForItself = MalformedArchiveException.isMalformed(e) || e instanceof ErrnoException
                || e.getClass() == IOException.class;
        return speaksForItself ? new InternalException(message) : new InternalException(message, e);
    }

    /**
     * What reading the tar threw, as the archive's fault ({@code text}, Go's words) unless the stream below failed
     * (a client gone, a decompressor's own error) — then as it was.
     */
    private static IOException malformed(RawHeaders raw, Exception ex, String text) {
        if (ex instanceof IOException io && (raw.sourceFailed() || MalformedArchiveException.isMalformed(io))) {
            return io;
        }
        return new MalformedArchiveException(text, ex);
    }

    /** A native buffer for file content on its way from the tar to write(2), and its heap twin. */
    private static final class ContentBuffer implements AutoCloseable {
        private static final int SIZE = 128 * 1024;
        private final Arena arena = Arena.ofConfined();
        final MemorySegment segment = arena.allocate(SIZE);
        final byte[] heap = new byte[SIZE];

        @Override
        public void close() {
            arena.close();
        }
    }

    /**
     * A regular file, created and finished through one descriptor (Docker's createTarFile: content, owner, xattrs,
     * mode, times), with no path walked through /proc for any of it: the common entry of a tar, so its system calls
     * are most of an extraction's cost. Its place always has a name: a mount's root in the way (a directory or a
     * bound file) is refused as busy before.
     */
    private static void regularFile(FsView.Location l, TarArchiveEntry e, TarArchiveInputStream tar, RawHeaders raw,
                                    int uid, int gid, Map<String, byte[]> xattrs, ContentBuffer buffer)
            throws IOException {
        try (Fd f = l.dir.openat(l.name, Fd.O_WRONLY | Fd.O_CREAT | Fd.O_EXCL | Fd.O_NOFOLLOW, 0600)) {
            while (true) {
                int n;
                try {
                    n = tar.read(buffer.heap);
                } catch (IOException ex) {
                    throw malformed(raw, ex, "unexpected EOF");
                }
                if (n < 0) {
                    break;
                }
                MemorySegment.copy(buffer.heap, 0, buffer.segment, ValueLayout.JAVA_BYTE, 0, n);
                f.writeFully(buffer.segment, n);
            }
            f.chown(uid, gid);
            for (Map.Entry<String, byte[]> x : effectiveXattrs(e, xattrs).entrySet()) {
                try {
                    f.setXattr(x.getKey(), x.getValue());
                } catch (ErrnoException err) {
                    if (err.errno() != Errno.ENOTSUP && err.errno() != Errno.EPERM) {
                        throw err;
                    }
                }
            }
            f.chmod(e.getMode() & 07777);
            long[] t = times(e);
            f.setTimes(t[0], t[1], t[2], t[3]);
        }
    }

    /** A regular file's entry: commons-compress's isFile() is true of links and devices too. */
    private static boolean isRegularFile(TarArchiveEntry e) {
        return e.isFile() && !e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !e.isCharacterDevice()
                && !e.isBlockDevice() && !e.isFIFO();
    }

    /** The entry's xattrs: read byte for byte, or (headers too large to keep raw) the reader's text values. */
    private static Map<String, byte[]> effectiveXattrs(TarArchiveEntry e, Map<String, byte[]> xattrs) {
        if (xattrs != null) {
            return xattrs;
        }
        Map<String, byte[]> text = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> x : e.getExtraPaxHeaders().entrySet()) {
            if (x.getKey().startsWith("SCHILY.xattr.")) {
                text.put(x.getKey().substring("SCHILY.xattr.".length()), x.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return text;
    }

    /** Owner, xattrs, mode and (for non-directories) times of a created entry, as Docker's createTarFile. */
    private static void finish(FsView.Location l, TarArchiveEntry e, int uid, int gid, Map<String, byte[]> xattrs)
            throws IOException {
        Path p = l.hostPath();
        FileSys.lchown(p, uid, gid);
        for (Map.Entry<String, byte[]> x : effectiveXattrs(e, xattrs).entrySet()) {
            try {
                FileSys.lsetxattr(p, x.getKey(), x.getValue());
            } catch (ErrnoException err) {
                if (err.errno() != Errno.ENOTSUP && err.errno() != Errno.EPERM) {
                    throw err;
                }
            }
        }
        // A symlink keeps its mode; so does a hard link to one (only then is the type asked of the file system).
        if (!e.isSymbolicLink() && !(e.isLink() && l.lstat().isSymlink())) {
            try (Fd f = l.open()) {
                FileSys.chmod(Path.of(f.procPath()), e.getMode() & 07777);
            }
        }
        if (!e.isDirectory()) {
            times(l, e);
        }
    }

    private static void times(FsView.Location l, TarArchiveEntry e) throws IOException {
        long[] t = times(e);
        FileSys.utimesNoFollow(l.hostPath(), t[0], t[1], t[2], t[3]);
    }

    /** Access and modification time (seconds, nanoseconds each) as Docker sets them: atime never before mtime. */
    private static long[] times(TarArchiveEntry e) {
        FileTime mtime = e.getLastModifiedTime();
        FileTime atime = e.getLastAccessTime();
        if (atime == null || atime.compareTo(mtime) < 0) {
            atime = mtime;
        }
        Instant m = mtime.toInstant();
        Instant a = atime.toInstant();
        return new long[] {a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano()};
    }

    /** Removes the entry at {@code l} and, for a directory, everything in it, never following a symlink. */
    private static void removeAll(FsView.Location l) throws IOException {
        Stat st = l.lstat();
        if (st.isDirectory()) {
            try (Fd dir = l.dir.openat(l.name, Fd.O_RDONLY | Fd.O_DIRECTORY | Fd.O_NOFOLLOW, 0);
                 DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir.procPath()))) {
                if (ds instanceof SecureDirectoryStream<Path> sds) {
                    emptyDirectory(sds);
                } else {
                    throw new InvalidArgumentException("no secure directory stream on this platform");
                }
            }
            Files.delete(l.hostPath());
        } else {
            Files.delete(l.hostPath());
        }
    }

    private static void emptyDirectory(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        for (Path name : names) {
            boolean isDir;
            try {
                isDir = dir.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            if (isDir) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    emptyDirectory(sub);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }
}
