package dev.berth.archive;

import dev.berth.gotext.GoPath;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * A directory tree with mounts over it, as {@code docker cp} sees a container: the root filesystem with the
 * container's volumes and bind mounts over it (tmpfs mounts are not part of it, as in Docker), or a volume's data
 * directory alone (volume export and import). Paths are resolved as inside the container, one
 * component at a time through open directory descriptors: a symlink, absolute or relative, never leads out of the
 * view, ".." stops at its root, and a component that is a mount's destination continues in the mount's source.
 * Nothing is mounted for the view; every later operation goes through {@code /proc/self/fd/N/name} of a directory
 * the resolution opened, so a directory swapped for a symlink behind our back cannot redirect it.
 *
 * <p>Like Docker's view, opening one creates missing mount points in the root filesystem. Not thread-safe; one per
 * request.
 */
public final class FsView implements AutoCloseable {

    /** A mount of the view: where it appears, what it shows, whether it may be written, whether it is a volume. */
    public record ViewMount(String destination, Path source, boolean rw, boolean volume) {
    }

    /** Symlinks followed in one resolution before it fails with ELOOP, as Docker's FollowSymlinkInScope. */
    static final int MAX_LINKS = 255;

    private final Fd root;
    private final Map<String, ViewMount> mounts = new HashMap<>();
    private final Map<String, Fd> mountFds = new HashMap<>();

    private FsView(Fd root) {
        this.root = root;
    }

    /** Opens the view of {@code rootfs} (a mounted, merged directory) with {@code mountList} over it. */
    public static FsView open(Path rootfs, List<ViewMount> mountList) throws IOException {
        FsView v = new FsView(Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0));
        try {
            List<ViewMount> ordered = new ArrayList<>(mountList);
            ordered.sort(Comparator.comparingInt(m -> depth(m.destination())));
            for (ViewMount m : ordered) {
                Fd source = Fd.open(m.source(), Fd.O_PATH, 0);
                try {
                    v.createMountpoint(m.destination(), source.fstat().isDirectory());
                    // As runc, a destination through a symlink in the root filesystem is where the link leads.
                    String key;
                    try (Location l = v.resolve(m.destination(), true)) {
                        key = l.path;
                    }
                    Fd previous = v.mountFds.put(key, source);
                    if (previous != null) {
                        previous.close();
                    }
                    v.mounts.put(key, m);
                } catch (IOException | RuntimeException e) {
                    if (!v.mountFds.containsValue(source)) {
                        source.close();
                    }
                    throw e;
                }
            }
            return v;
        } catch (IOException | RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /**
     * One resolved place in the view: the directory holding it and its name there, or, for the view's root and a
     * mount's root, the place itself ({@code name} empty). {@code path} is its clean path in the container; {@code
     * mount} the innermost mount holding it (null: the root filesystem). Closing it closes its descriptor.
     */
    public static final class Location implements AutoCloseable {
        final Fd dir;
        final String name;
        final String path;
        final ViewMount mount;
        /** For a root ({@code name} empty): whether it is a directory (a bound file is not). */
        private final boolean directory;
        /** Whether closing it closes {@code dir}; a place in a directory its caller keeps open does not. */
        private final boolean ownsDir;

        Location(Fd dir, String name, String path, ViewMount mount) {
            this(dir, name, path, mount, false);
        }

        Location(Fd dir, String name, String path, ViewMount mount, boolean directory) {
            this(dir, name, path, mount, directory, true);
        }

        private Location(Fd dir, String name, String path, ViewMount mount, boolean directory, boolean ownsDir) {
            this.dir = dir;
            this.name = name;
            this.path = path;
            this.mount = mount;
            this.directory = directory;
            this.ownsDir = ownsDir;
        }

        /**
         * A path naming exactly this place without following it, for path-based system calls. A root directory is
         * named {@code /proc/self/fd/N/.}, so the no-follow calls act on the directory and not on the descriptor's
         * link.
         */
        /** Where it is in the view, every symlink resolved. */
        public String path() {
            return path;
        }

        /** The mount it is in, or null in the root filesystem. */
        public ViewMount mount() {
            return mount;
        }

        public Path hostPath() {
            if (!name.isEmpty()) {
                return Path.of(dir.procPath(), name);
            }
            return directory ? Path.of(dir.procPath(), ".") : Path.of(dir.procPath());
        }

        /** lstat of the place; ENOENT when nothing is there. A root is stat'ed through its descriptor. */
        public Stat lstat() throws ErrnoException {
            return name.isEmpty() ? dir.fstat() : dir.lstatAt(name);
        }

        /** The place opened (O_PATH, never following a symlink at it). */
        public Fd open() throws ErrnoException {
            return name.isEmpty() ? reopen(dir) : dir.openat(name, Fd.O_PATH | Fd.O_NOFOLLOW, 0);
        }

        @Override
        public void close() {
            if (ownsDir) {
                dir.close();
            }
        }
    }

    private record Step(String path, Fd fd, ViewMount mount) {
    }

    /**
     * Resolves {@code containerPath} (absolute or relative to "/"). Symlinks on the way are followed; a symlink as
     * the last component only when {@code followLast}. The last component need not exist (its directory must).
     */
    public Location resolve(String containerPath, boolean followLast) throws ErrnoException {
        Deque<Step> stack = new ArrayDeque<>();
        stack.push(new Step("/", root.openat(".", Fd.O_PATH | Fd.O_DIRECTORY, 0), null));
        try {
            LinkedList<String> todo = split(containerPath);
            int links = 0;
            while (!todo.isEmpty()) {
                String c = todo.removeFirst();
                if (c.isEmpty() || c.equals(".")) {
                    continue;
                }
                if (c.equals("..")) {
                    if (stack.size() > 1) {
                        stack.pop().fd().close();
                    }
                    continue;
                }
                Step cur = stack.peek();
                String childPath = join(cur.path(), c);
                boolean last = todo.stream().allMatch(s -> s.isEmpty() || s.equals("."));
                // "x/" and "x/." name a directory: what x is must be one.
                boolean mustBeDirectory = last && !todo.isEmpty();
                ViewMount m = mounts.get(childPath);
                if (m != null) {
                    Fd f = reopen(mountFds.get(childPath));
                    if (!f.fstat().isDirectory()) {
                        if (!last || mustBeDirectory) {
                            f.close();
                            throw new ErrnoException(Errno.ENOTDIR, "open", childPath);
                        }
                        // A bound file: the place is the file itself.
                        return new Location(f, "", childPath, m, false);
                    }
                    stack.push(new Step(childPath, f, m));
                    continue;
                }
                Fd f;
                try {
                    f = cur.fd().openat(c, Fd.O_PATH | Fd.O_NOFOLLOW, 0);
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.ENOENT && last) {
                        return new Location(reopen(cur.fd()), c, childPath, cur.mount());
                    }
                    // Named as the caller named it, as Go's open reports its path (not the host's).
                    throw new ErrnoException(e.errno(), "open", GoPath.clean("/" + containerPath));
                }
                Stat st;
                try {
                    st = f.fstat();
                } catch (ErrnoException e) {
                    f.close();
                    throw e;
                }
                if (st.isSymlink() && (!last || followLast)) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(Path.of(cur.fd().procPath(), c)).toString();
                    } catch (IOException e) {
                        throw new ErrnoException(Errno.EINVAL, "readlink", childPath);
                    } finally {
                        f.close();
                    }
                    if (++links > MAX_LINKS) {
                        throw new ErrnoException(Errno.ELOOP, "resolve", containerPath);
                    }
                    if (target.startsWith("/")) {
                        while (stack.size() > 1) {
                            stack.pop().fd().close();
                        }
                    }
                    todo.addAll(0, split(target));
                    continue;
                }
                if (last) {
                    f.close();
                    if (mustBeDirectory && !st.isDirectory()) {
                        throw new ErrnoException(Errno.ENOTDIR, "open", childPath);
                    }
                    return new Location(reopen(cur.fd()), c, childPath, cur.mount());
                }
                if (!st.isDirectory()) {
                    f.close();
                    throw new ErrnoException(Errno.ENOTDIR, "open", childPath);
                }
                stack.push(new Step(childPath, f, cur.mount()));
            }
            Step top = stack.peek();
            return new Location(reopen(top.fd()), "", top.path(), top.mount(), true);
        } finally {
            for (Step s : stack) {
                s.fd().close();
            }
        }
    }

    /** A new O_PATH descriptor of what {@code fd} refers to (a directory or not), through its /proc link. */
    private static Fd reopen(Fd fd) throws ErrnoException {
        return Fd.open(Path.of(fd.procPath()), Fd.O_PATH, 0);
    }

    /** True when {@code location} may be written: its innermost mount is read-write (the root filesystem is). */
    public static boolean writable(Location location) {
        return location.mount == null || location.mount.rw();
    }

    /** True when a mount of the view is at {@code containerPath} or below it (removing it would be EBUSY). */
    public boolean holdsMount(String containerPath) {
        return mounts.keySet().stream().anyMatch(destination -> GoPath.within(containerPath, destination));
    }

    /**
     * The entry {@code name} of the directory {@code dir} (open, at {@code dirPath}, in {@code dirMount}) without
     * resolving from the root again: a mount's root where a mount is, else the entry itself (not followed), which
     * borrows {@code dir} and is valid only while that stays open.
     */
    Location child(Fd dir, String dirPath, ViewMount dirMount, String name) throws ErrnoException {
        String childPath = join(dirPath, name);
        ViewMount m = mounts.get(childPath);
        if (m != null) {
            Fd f = reopen(mountFds.get(childPath));
            boolean directory;
            try {
                directory = f.fstat().isDirectory();
            } catch (ErrnoException e) {
                f.close();
                throw e;
            }
            return new Location(f, "", childPath, m, directory);
        }
        // The caller keeps dir open for as long as it uses the place: no descriptor of its own (a /proc walk).
        return new Location(dir, name, childPath, dirMount, false, false);
    }

    /**
     * Creates the mount point {@code destination} where it is missing, as Docker does for its view: missing parents
     * as directories (0755), the last as a directory or an empty file. Resolved in the view built so far.
     */
    private void createMountpoint(String destination, boolean directory) throws IOException {
        StringBuilder prefix = new StringBuilder();
        List<String> parts = split(destination).stream().filter(s -> !s.isEmpty()).toList();
        for (int i = 0; i < parts.size(); i++) {
            prefix.append('/').append(parts.get(i));
            boolean leaf = i == parts.size() - 1;
            try (Location l = resolve(prefix.toString(), true)) {
                if (l.name.isEmpty()) {
                    continue;
                }
                try {
                    l.lstat();
                    continue;
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENOENT) {
                        throw e;
                    }
                }
                if (leaf && !directory) {
                    Files.newOutputStream(l.hostPath(), java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS).close();
                } else {
                    Files.createDirectory(l.hostPath());
                }
            }
        }
    }

    static LinkedList<String> split(String path) {
        LinkedList<String> out = new LinkedList<>();
        for (String s : path.split("/", -1)) {
            out.add(s);
        }
        return out;
    }

    static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    @Override
    public void close() {
        root.close();
        mountFds.values().forEach(Fd::close);
        mountFds.clear();
    }
}
