package dev.berth.image;

import dev.berth.archive.TarWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds tar fixtures in memory for tests: every entry type, owners, modes, binary xattrs, whiteouts. */
final class TarBuilder {

    static final long MTIME = 1_600_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarWriter tar = new TarWriter(bytes);
    private Map<String, byte[]> pendingXattrs = new LinkedHashMap<>();
    private int uid;
    private int gid;
    private long mtime = MTIME;

    /** Owner for the following entries. */
    TarBuilder owner(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
        return this;
    }

    TarBuilder mtime(long mtime) {
        this.mtime = mtime;
        return this;
    }

    /** An xattr for the next entry only. */
    TarBuilder xattr(String name, byte[] value) {
        pendingXattrs.put(name, value);
        return this;
    }

    TarBuilder dir(String name, int mode) {
        return entry(name.endsWith("/") ? name : name + "/", TarWriter.DIR, mode, new byte[0], "", 0, 0);
    }

    TarBuilder file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    TarBuilder file(String name, byte[] content, int mode) {
        return entry(name, TarWriter.REG, mode, content, "", 0, 0);
    }

    TarBuilder symlink(String name, String target) {
        return entry(name, TarWriter.SYMLINK, 0777, new byte[0], target, 0, 0);
    }

    /** A hard link; like real tar writers, the header carries the target's mode. */
    TarBuilder hardlink(String name, String target, int mode) {
        return entry(name, TarWriter.LINK, mode, new byte[0], target, 0, 0);
    }

    TarBuilder charDevice(String name, int mode, int major, int minor) {
        return entry(name, TarWriter.CHAR, mode, new byte[0], "", major, minor);
    }

    TarBuilder fifo(String name, int mode) {
        return entry(name, TarWriter.FIFO, mode, new byte[0], "", 0, 0);
    }

    /** An OCI whiteout for {@code path}. */
    TarBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return file(name, new byte[0], 0644);
    }

    TarBuilder opaque(String dir) {
        return file(dir + "/.wh..wh..opq", new byte[0], 0644);
    }

    private TarBuilder entry(String name, byte type, int mode, byte[] content, String link, int major, int minor) {
        try {
            tar.writeEntry(new TarWriter.Header(name, type, mode, uid, gid, content.length, mtime, link, major, minor,
                    pendingXattrs), new ByteArrayInputStream(content));
            pendingXattrs = new LinkedHashMap<>();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] build() {
        try {
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A busybox root filesystem: the static binary, applet symlinks, one hard link, /etc basics. */
    static byte[] busyboxRootfs() {
        try {
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            TarBuilder t = new TarBuilder();
            t.dir("bin", 0755).file("bin/busybox", busybox, 0755);
            for (String applet : new String[] {"sh", "ls", "cat", "echo", "sleep", "id", "stat", "true", "mkdir",
                "touch", "rm", "env"}) {
                t.symlink("bin/" + applet, "busybox");
            }
            t.hardlink("bin/busybox-hardlink", "bin/busybox", 0755);
            t.dir("etc", 0755)
                    .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n", 0644)
                    .file("etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644)
                    .dir("tmp", 01777).dir("root", 0700).dir("dev", 0755).dir("proc", 0755).dir("sys", 0755);
            return t.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
