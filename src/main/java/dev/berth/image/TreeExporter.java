package dev.berth.image;

import dev.berth.archive.HardLinks;
import dev.berth.archive.TarWriter;

import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.FileSys;
import dev.berth.sys.Stat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a directory tree as a tar, the way {@code docker export} does: entries in lexical walk order without the
 * root, directories with a trailing slash, times to the second, hard links as links to the first path seen, devices
 * and FIFOs, sockets skipped. Extended attributes are kept except overlayfs' own and the host's SELinux label.
 * Never follows symlinks. Stateless and thread-safe.
 */
final class TreeExporter {

    private TreeExporter() {
    }

    static void export(Path root, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        HardLinks links = new HardLinks();
        walk(root, "", tar, links);
        tar.finish();
    }

    private static void walk(Path dir, String rel, TarWriter tar, HardLinks links) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = EntryNames.join(rel, child.getFileName().toString());
            Stat st;
            try {
                st = FileSys.lstat(child);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) {
                    continue;
                }
                throw e;
            }
            if (entry(child, name, st, tar, links) && st.isDirectory()) {
                walk(child, name, tar, links);
            }
        }
    }

    /** Writes one entry; false when the file was skipped. */
    private static boolean entry(Path p, String name, Stat st, TarWriter tar, HardLinks links)
            throws IOException {
        byte flag = TarWriter.typeOf(st.type());
        String link = "";
        long size = 0;
        if (flag == 0) {
            return false;
        } else if (flag == TarWriter.DIR) {
            name = name + "/";
        } else if (flag == TarWriter.REG) {
            String first = links.earlierName(st.dev(), st.ino(), st.nlink(), name);
            if (first != null) {
                flag = TarWriter.LINK;
                link = first;
            } else {
                size = st.size();
            }
        } else if (flag == TarWriter.SYMLINK) {
            link = Files.readSymbolicLink(p).toString();
        }
        TarWriter.Header h = new TarWriter.Header(name, flag, st.permissions(), st.uid(), st.gid(), size,
                st.mtimeSec(), link, FileSys.major(st.rdev()), FileSys.minor(st.rdev()), xattrs(p));
        if (flag == TarWriter.REG && size > 0) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                tar.writeEntry(h, in);
            } catch (NoSuchFileException e) {
                throw new IOException("file vanished while it was exported: " + name, e);
            }
        } else {
            tar.writeHeader(h);
        }
        return true;
    }

    private static Map<String, byte[]> xattrs(Path p) throws IOException {
        List<String> names;
        try {
            names = FileSys.llistxattr(p);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOTSUP || e.errno() == Errno.ENOENT) {
                return Map.of();
            }
            throw e;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : names.stream().sorted().toList()) {
            if (name.startsWith("trusted.overlay.") || name.equals("security.selinux")) {
                continue;
            }
            try {
                out.put(name, FileSys.lgetxattr(p, name));
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENODATA) {
                    throw e;
                }
            }
        }
        return out;
    }
}
