package dev.berth.it;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds root filesystem tars for test images: Debian's static busybox with a link for every applet it has, plus
 * whatever entries a test adds (files with mode, owner, times and xattrs; directories; symlinks; hard links). The
 * tar is imported through the daemon under test with {@link #importInto}. Tests only.
 */
public final class BusyboxRootfs {

    /** Busybox applets every test image gets (links to /bin/busybox). */
    public static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "true", "false", "env", "sleep",
            "id", "stat", "mkdir", "touch", "rm", "mount", "grep", "head", "tail", "wc", "test", "printf", "ln",
            "readlink", "dd", "seq", "df", "chmod", "chown", "cp", "mv", "find", "sort", "tr", "date", "hostname",
            "kill", "ps", "md5sum", "sha256sum", "tee", "od", "yes", "uname", "pwd", "du",
            "awk", "sed", "xargs", "basename", "dirname", "realpath", "wget", "ip", "nproc", "whoami",
            "stty", "tty", "mktemp", "cut", "sync", "timeout", "watch", "usleep");

    private record Entry(TarArchiveEntry header, byte[] content) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private BusyboxRootfs() {
    }

    /** busybox in /bin, its applets as symlinks, and the dirs an image usually has (/etc, /tmp, /root). */
    public static BusyboxRootfs standard() {
        BusyboxRootfs r = new BusyboxRootfs();
        r.dir("bin", 0755, 0, 0);
        try {
            r.file("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755, 0, 0);
        } catch (IOException e) {
            throw new AssertionError("needs Debian's busybox-static at /bin/busybox", e);
        }
        for (String applet : APPLETS) {
            r.symlink("bin/" + applet, "busybox");
        }
        r.dir("etc", 0755, 0, 0);
        r.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
                0644, 0, 0);
        r.file("etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644, 0, 0);
        r.dir("tmp", 01777, 0, 0);
        r.dir("root", 0700, 0, 0);
        return r;
    }

    public BusyboxRootfs dir(String path, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
        e.setMode(040000 | mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        entries.put(path, new Entry(e, null));
        return this;
    }

    public BusyboxRootfs file(String path, String content, int mode, int uid, int gid) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    public BusyboxRootfs file(String path, byte[] content, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setMode(0100000 | mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setSize(content.length);
        entries.put(path, new Entry(e, content));
        return this;
    }

    /** A regular file with an extended attribute (a PAX {@code SCHILY.xattr.} record, as docker save writes). */
    public BusyboxRootfs fileWithXattr(String path, String content, String xattr, String value) {
        file(path, content, 0644, 0, 0);
        entries.get(path).header().addPaxHeader("SCHILY.xattr." + xattr, value);
        return this;
    }

    /** Sets the modification time of an entry added before. */
    public BusyboxRootfs modTime(String path, long epochSeconds) {
        entries.get(path).header().setModTime(epochSeconds * 1000);
        return this;
    }

    public BusyboxRootfs symlink(String path, String target) {
        TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        entries.put(path, new Entry(e, null));
        return this;
    }

    public BusyboxRootfs hardlink(String path, String target) {
        TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_LINK);
        e.setLinkName(target);
        entries.put(path, new Entry(e, null));
        return this;
    }

    /** A hard link whose header carries the link target's owner and mode, as tar writers record them. */
    public BusyboxRootfs hardlink(String path, String target, int mode, int uid, int gid) {
        hardlink(path, target);
        TarArchiveEntry e = entries.get(path).header();
        e.setMode(0100000 | mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        return this;
    }

    /** Writes the tar to {@code tar} and returns it. */
    public Path writeTo(Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry e : entries.values()) {
                t.putArchiveEntry(e.header());
                if (e.content() != null) {
                    t.write(e.content());
                }
                t.closeArchiveEntry();
            }
        }
        return tar;
    }

    /**
     * Writes the tar next to the daemon's files and imports it with {@code docker import [--change c]... tar ref};
     * returns the image ID.
     */
    public String importInto(TestDaemon daemon, String ref, String... changes) throws IOException {
        Path tar = writeTo(Files.createTempFile(Path.of("/tmp"), "rootfs-", ".tar"));
        try {
            List<String> args = new ArrayList<>(List.of("import"));
            for (String c : changes) {
                args.add("--change");
                args.add(c);
            }
            args.add(tar.toString());
            args.add(ref);
            Proc.Result r = daemon.docker(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            return r.outTrim();
        } finally {
            Files.deleteIfExists(tar);
        }
    }
}
