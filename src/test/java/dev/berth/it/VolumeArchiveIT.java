package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.archive.RawHeaders;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import dev.berth.sys.FileSys;
import dev.berth.sys.MountInfo;
import dev.berth.sys.Stat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth's own volume archive API ({@code GET /berth/volumes/{name}/export}, {@code POST .../import},
 * {@code POST .../clone}) over HTTP and through {@code berth volume export|import|clone}: entry order and root
 * metadata, hard links, symlinks never followed, every xattr byte-exact, merges and replacements, compressed and
 * chunked bodies, escapes confined to the volume, the volume held (in use, mounted) only while the tar streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeArchiveIT {

    /** {@code setcap cap_net_raw+ep}: VFS_CAP_REVISION_2 with the effective bit, permitted CAP_NET_RAW (bit 13). */
    private static final byte[] CAP_NET_RAW = HexFormat.of().parseHex("0100000200200000000000000000000000000000");
    /** A user xattr that is not UTF-8: a NUL, a lone continuation byte, 0xff. */
    private static final byte[] NOT_UTF8 = {(byte) 0xff, 0x00, (byte) 0x80, 'x', (byte) 0xc3};
    private static final long MTIME = 1_580_702_706L; // 2020-02-03T04:05:06Z

    TestDaemon d;
    ApiClient c;
    Path scratch;

    @BeforeAll
    void start() throws IOException {
        d = TestDaemon.inProcess();
        c = d.client();
        BusyboxRootfs.standard().importInto(d, "bb");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "volarch-it-");
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
        if (d != null) {
            d.close();
        }
        if (scratch != null) {
            TestDaemon.deleteTree(scratch);
        }
    }

    // --- helpers ---

    private Path data(String volume) {
        return d.dataRoot().resolve("volumes").resolve(volume).resolve("_data");
    }

    private void createVolume(String name, String labelsJson) throws IOException {
        String body = "{\"Name\":\"" + name + "\"" + (labelsJson == null ? "" : ",\"Labels\":" + labelsJson) + "}";
        ApiClient.Response r = c.postJson("/volumes/create", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private void removeVolumes(String... names) throws IOException {
        for (String n : names) {
            c.delete("/volumes/" + n + "?force=1");
        }
    }

    private ApiClient.Response export(String volume) throws IOException {
        return c.get("/berth/volumes/" + volume + "/export");
    }

    private ApiClient.Response importTar(String volume, byte[] tar) throws IOException {
        return c.request("POST", "/berth/volumes/" + volume + "/import", "application/x-tar", tar);
    }

    private ApiClient.Response cloneVolume(String source, String body) throws IOException {
        return c.request("POST", "/berth/volumes/" + source + "/clone", "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(ApiClient.Response r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("message").asText();
    }

    private static boolean mounted(Path p) throws IOException {
        return MountInfo.read().stream().anyMatch(e -> e.mountPoint().equals(p.toString()));
    }

    /**
     * Fills a volume's data directory with one of everything: owners, modes, a hard link pair, a relative and an
     * absolute symlink (the latter pointing at a host file that must never be followed), a binary file capability,
     * a non-UTF-8 user xattr, a trusted xattr on a directory, and a root owned 999:998 with mode 0700.
     */
    private static void populate(Path root) throws IOException {
        Path f = Files.writeString(root.resolve("f"), "hello\n");
        FileSys.lchown(f, 1000, 1001);
        FileSys.chmod(f, 0750);
        FileSys.lsetxattr(f, "security.capability", CAP_NET_RAW); // after the chown, which would clear it
        FileSys.lsetxattr(f, "user.bin", NOT_UTF8);
        Files.createLink(root.resolve("hl"), f);
        Files.createSymbolicLink(root.resolve("ln"), Path.of("sub/a"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
        Path sub = Files.createDirectory(root.resolve("sub"));
        FileSys.lchown(sub, 5, 6);
        FileSys.chmod(sub, 02750);
        FileSys.lsetxattr(sub, "trusted.berth", "dir".getBytes(StandardCharsets.UTF_8));
        Files.write(sub.resolve("a"), new byte[] {0, 1, 2, (byte) 0xfe});
        FileSys.utimesNoFollow(sub.resolve("a"), MTIME, 0, MTIME, 0);
        FileSys.utimesNoFollow(sub, MTIME, 0, MTIME, 0);
        FileSys.lchown(root, 999, 998);
        FileSys.chmod(root, 0700);
    }

    /**
     * One line per entry below (and including) {@code root}, in path order: type and mode, owner, mtime, size,
     * content or link target, hard link group (the first path of the inode) and every xattr in hex.
     */
    private static List<String> describe(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Map<Long, String> firstOfInode = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.sorted().toList();
        }
        for (Path p : paths) {
            String rel = root.relativize(p).toString();
            rel = rel.isEmpty() ? "." : rel;
            Stat st = FileSys.lstat(p);
            StringBuilder line = new StringBuilder(rel).append(' ').append(Integer.toOctalString(st.mode()))
                    .append(' ').append(st.uid()).append(':').append(st.gid()).append(" mtime=").append(st.mtimeSec());
            if (st.isSymlink()) {
                line.append(" -> ").append(Files.readSymbolicLink(p));
            } else {
                if (st.isRegularFile()) {
                    line.append(" size=").append(st.size()).append(" nlink=").append(st.nlink())
                            .append(" content=").append(HexFormat.of().formatHex(Files.readAllBytes(p)));
                    String first = firstOfInode.putIfAbsent(st.ino(), rel);
                    line.append(" inode-of=").append(first == null ? rel : first);
                }
                Map<String, String> xattrs = new TreeMap<>();
                for (String x : FileSys.llistxattr(p)) {
                    xattrs.put(x, HexFormat.of().formatHex(FileSys.lgetxattr(p, x)));
                }
                line.append(" xattrs=").append(xattrs);
            }
            out.add(line.toString());
        }
        return out;
    }

    /** The entries of a tar: name, and for links " -> target" (symlink) or " => target" (hard link). */
    private static List<String> names(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                out.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName()
                        : e.isLink() ? " => " + e.getLinkName() : ""));
            }
        }
        return out;
    }

    private static TarArchiveEntry entry(byte[] tar, String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no " + name + " in " + names(tar));
    }

    /**
     * The xattrs of each entry, byte-exact, in hex (commons-compress decodes PAX values as UTF-8, which would hide a
     * mangled binary value): read through berth's raw header reader as its extraction reads them.
     */
    private static Map<String, Map<String, String>> paxXattrs(byte[] tar) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        RawHeaders raw = new RawHeaders(new ByteArrayInputStream(tar));
        try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            while (true) {
                raw.startSegment();
                TarArchiveEntry e = in.getNextEntry();
                if (e == null) {
                    return out;
                }
                Map<String, String> hex = new TreeMap<>();
                raw.xattrs().forEach((k, v) -> hex.put(k, HexFormat.of().formatHex(v)));
                out.put(e.getName(), hex);
                raw.contentMode(true);
            }
        }
    }

    /** Builds a tar entry by entry. */
    private static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        private Tar put(TarArchiveEntry e, int mode, int uid, int gid, byte[] content, Map<String, byte[]> xattrs) {
            try {
                e.setMode(mode);
                e.setIds(uid, gid);
                e.setModTime(MTIME * 1000);
                xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, new String(v, StandardCharsets.UTF_8)));
                if (content != null) {
                    e.setSize(content.length);
                }
                out.putArchiveEntry(e);
                if (content != null) {
                    out.write(content);
                }
                out.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        }

        Tar dir(String name, int mode, int uid, int gid) {
            return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), 040000 | mode, uid, gid, null,
                    Map.of());
        }

        Tar file(String name, String content, int mode, int uid, int gid, Map<String, byte[]> xattrs) {
            return put(new TarArchiveEntry(name, true), 0100000 | mode, uid, gid,
                    content.getBytes(StandardCharsets.UTF_8), xattrs);
        }

        Tar file(String name, String content) {
            return file(name, content, 0644, 0, 0, Map.of());
        }

        Tar symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            e.setLinkName(target);
            return put(e, 0120777, 0, 0, null, Map.of());
        }

        /**
         * A hard link whose header carries its target's owner and mode, as tar writers record them (the extraction
         * applies them to the shared inode, as Docker's does).
         */
        Tar hardlink(String name, String target, int mode, int uid, int gid) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
            e.setLinkName(target);
            return put(e, 0100000 | mode, uid, gid, null, Map.of());
        }

        Tar hardlink(String name, String target) {
            return hardlink(name, target, 0644, 0, 0);
        }

        byte[] bytes() {
            try {
                out.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return bytes.toByteArray();
        }
    }

    private static byte[] compress(byte[] data, java.util.function.Function<OutputStream, OutputStream> with) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = with.apply(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static OutputStream gzip(OutputStream out) {
        try {
            return new GZIPOutputStream(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static OutputStream bzip2(OutputStream out) {
        try {
            return new BZip2CompressorOutputStream(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The shell command line of berth's CLI against this daemon, as {@link TestDaemon#berth} runs it. */
    private String berthCommand() {
        return "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -cp '"
                + Path.of(System.getProperty("berth.jar", "target/berth.jar")).toAbsolutePath()
                + "' dev.berth.cli.BerthCli -H '" + d.host() + "'";
    }

    private static String now() {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
    }

    // --- export ---

    @Test
    void export_rootFirstThenLexical_hardLinksSymlinksAndEveryXattrByteExact() throws IOException {
        createVolume("ex-src", null);
        try {
            populate(data("ex-src"));
            ApiClient.Response r = export("ex-src");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("content-type", "application/x-tar");
            byte[] tar = r.body();
            assertThat(names(tar)).containsExactly("./", "./abs -> /etc/passwd", "./f", "./hl => ./f",
                    "./ln -> sub/a", "./sub/", "./sub/a");

            TarArchiveEntry root = entry(tar, "./");
            assertThat(root.getMode()).isEqualTo(040700);
            assertThat(root.getLongUserId()).isEqualTo(999);
            assertThat(root.getLongGroupId()).isEqualTo(998);
            assertThat(root.getLastModifiedTime().toMillis() / 1000)
                    .isEqualTo(FileSys.lstat(data("ex-src")).mtimeSec());
            TarArchiveEntry f = entry(tar, "./f");
            assertThat(f.getMode()).isEqualTo(0100750);
            assertThat(f.getLongUserId()).isEqualTo(1000);
            assertThat(f.getLongGroupId()).isEqualTo(1001);
            assertThat(f.getSize()).isEqualTo(6);
            TarArchiveEntry sub = entry(tar, "./sub/");
            assertThat(sub.getMode()).isEqualTo(042750);
            assertThat(sub.getLastModifiedTime().toMillis()).isEqualTo(MTIME * 1000);
            assertThat(entry(tar, "./sub/a").getSize()).isEqualTo(4);

            Map<String, Map<String, String>> xattrs = paxXattrs(tar);
            assertThat(xattrs.get("./f")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "security.capability", HexFormat.of().formatHex(CAP_NET_RAW),
                    "user.bin", HexFormat.of().formatHex(NOT_UTF8))));
            assertThat(xattrs.get("./sub/")).containsExactlyEntriesOf(Map.of("trusted.berth", "646972"));
            assertThat(sub.getExtraPaxHeaders()).as("as any PAX reader reads it")
                    .containsExactlyEntriesOf(Map.of("SCHILY.xattr.trusted.berth", "dir"));
            assertThat(xattrs.get("./abs")).isEmpty();
            assertThat(xattrs.get("./sub/a")).isEmpty();

            // the export, imported elsewhere, is the same tree
            createVolume("ex-copy", null);
            assertThat(importTar("ex-copy", tar).status()).isEqualTo(204);
            assertThat(describe(data("ex-copy"))).isEqualTo(describe(data("ex-src")));
            assertThat(FileSys.lgetxattr(data("ex-copy").resolve("f"), "security.capability")).isEqualTo(CAP_NET_RAW);
            assertThat(FileSys.lgetxattr(data("ex-copy").resolve("f"), "user.bin")).isEqualTo(NOT_UTF8);
            // the export held the volume only while it ran
            assertThat(d.daemon().volumes().references("ex-src")).isEmpty();
        } finally {
            removeVolumes("ex-src", "ex-copy");
        }
    }

    @Test
    void export_unknownVolume_is404WithDockerText() throws IOException {
        ApiClient.Response r = export("nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("{\"message\":\"get nope: no such volume\"}\n");
    }

    // --- import ---

    @Test
    void import_mergesReplacesAndTakesRootMetadataOwnersModesTimesXattrsLinks() throws IOException {
        createVolume("im-merge", null);
        try {
            Path v = data("im-merge");
            Files.writeString(v.resolve("keep.txt"), "kept\n");
            Files.createDirectories(v.resolve("dir2file/deep"));
            Files.writeString(v.resolve("dir2file/deep/x"), "x");
            Files.writeString(v.resolve("file2dir"), "was a file");
            Files.createDirectory(v.resolve("merged"));
            Files.writeString(v.resolve("merged/old"), "old\n");
            Files.writeString(v.resolve("over.txt"), "before\n");

            byte[] tar = new Tar().dir("./", 0751, 4321, 1234)
                    .file("dir2file", "now a file\n", 0600, 7, 8, Map.of())
                    .dir("file2dir", 0710, 9, 10)
                    .file("file2dir/in", "inside\n")
                    .dir("merged", 0755, 0, 0)
                    .file("merged/new", "new\n")
                    .file("new.txt", "fresh\n", 0640, 11, 12, Map.of("user.note", "ok".getBytes(StandardCharsets.UTF_8)))
                    .hardlink("new-link", "new.txt", 0640, 11, 12)
                    .symlink("sl", "/etc/shadow")
                    .file("over.txt", "after\n")
                    .bytes();
            ApiClient.Response r = importTar("im-merge", tar);
            assertThat(r.status()).as(r.text()).isEqualTo(204);
            assertThat(r.body()).isEmpty();

            assertThat(Files.readString(v.resolve("keep.txt"))).isEqualTo("kept\n");
            assertThat(Files.readString(v.resolve("merged/old"))).isEqualTo("old\n");
            assertThat(Files.readString(v.resolve("merged/new"))).isEqualTo("new\n");
            assertThat(Files.readString(v.resolve("over.txt"))).isEqualTo("after\n");
            Stat d2f = FileSys.lstat(v.resolve("dir2file"));
            assertThat(d2f.isRegularFile()).isTrue();
            assertThat(d2f.mode()).isEqualTo(0100600);
            assertThat(d2f.uid()).isEqualTo(7);
            assertThat(d2f.mtimeSec()).isEqualTo(MTIME);
            assertThat(Files.readString(v.resolve("dir2file"))).isEqualTo("now a file\n");
            Stat f2d = FileSys.lstat(v.resolve("file2dir"));
            assertThat(f2d.isDirectory()).isTrue();
            assertThat(f2d.mode()).isEqualTo(040710);
            assertThat(f2d.gid()).isEqualTo(10);
            assertThat(f2d.mtimeSec()).isEqualTo(MTIME);
            assertThat(Files.readString(v.resolve("file2dir/in"))).isEqualTo("inside\n");

            Stat root = FileSys.lstat(v);
            assertThat(root.mode()).isEqualTo(040751);
            assertThat(root.uid()).isEqualTo(4321);
            assertThat(root.gid()).isEqualTo(1234);
            assertThat(root.mtimeSec()).isEqualTo(MTIME);

            Stat fresh = FileSys.lstat(v.resolve("new.txt"));
            assertThat(fresh.mode()).isEqualTo(0100640);
            assertThat(fresh.uid()).isEqualTo(11);
            assertThat(fresh.gid()).isEqualTo(12);
            assertThat(fresh.nlink()).isEqualTo(2);
            assertThat(FileSys.lstat(v.resolve("new-link")).ino()).isEqualTo(fresh.ino());
            assertThat(FileSys.lgetxattr(v.resolve("new.txt"), "user.note")).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readSymbolicLink(v.resolve("sl"))).isEqualTo(Path.of("/etc/shadow"));
            assertThat(d.daemon().volumes().references("im-merge")).isEmpty();
        } finally {
            removeVolumes("im-merge");
        }
    }

    @Test
    void import_gzipBzip2ChunkedAndContentLengthBodies() throws IOException {
        createVolume("im-bodies", null);
        try {
            Path v = data("im-bodies");
            assertThat(importTar("im-bodies", compress(new Tar().file("gz", "gzip\n").bytes(), VolumeArchiveIT::gzip))
                    .status()).isEqualTo(204);
            assertThat(importTar("im-bodies", compress(new Tar().file("bz", "bzip2\n").bytes(), VolumeArchiveIT::bzip2))
                    .status()).isEqualTo(204);
            assertThat(Files.readString(v.resolve("gz"))).isEqualTo("gzip\n");
            assertThat(Files.readString(v.resolve("bz"))).isEqualTo("bzip2\n");

            // a chunked body in several chunks, split inside a header
            String tar = new String(new Tar().file("chunked", "in chunks\n").file("second", "2\n").bytes(),
                    StandardCharsets.ISO_8859_1);
            StringBuilder req = new StringBuilder("POST /v1.50/berth/volumes/im-bodies/import HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            for (int i = 0; i < tar.length(); i += 700) {
                String piece = tar.substring(i, Math.min(tar.length(), i + 700));
                req.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
            }
            req.append("0\r\n\r\n");
            RawHttp.Reply reply = RawHttp.Reply.parse(RawHttp.exchange(d.socket(), req.toString()), 0);
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
            assertThat(Files.readString(v.resolve("chunked"))).isEqualTo("in chunks\n");
            assertThat(Files.readString(v.resolve("second"))).isEqualTo("2\n");
        } finally {
            removeVolumes("im-bodies");
        }
    }

    /** xz bodies, as the xz tool writes them (gzip and bzip2 above; zstd in CompressionTest). */
    @Test
    void import_xzBody_accepted() throws IOException {
        createVolume("im-xz", null);
        try {
            Path plain = Files.write(scratch.resolve("xz-body.tar"), new Tar().file("xz", "xz\n").bytes());
            Proc.Result xz = Proc.run("xz", "-kf", plain.toString());
            assertThat(xz.exitCode()).as(xz.toString()).isZero();
            ApiClient.Response r = importTar("im-xz", Files.readAllBytes(scratch.resolve("xz-body.tar.xz")));
            assertThat(r.status()).as(r.text()).isEqualTo(204);
            assertThat(Files.readString(data("im-xz").resolve("xz"))).isEqualTo("xz\n");
        } finally {
            removeVolumes("im-xz");
        }
    }

    @Test
    void import_escapesNeverLeaveTheVolume() throws IOException {
        createVolume("im-esc", null);
        Path outside = Files.createDirectory(scratch.resolve("outside"));
        Path secret = Files.writeString(scratch.resolve("secret"), "host secret\n");
        try {
            Path v = data("im-esc");
            List<byte[]> attempts = List.of(
                    new Tar().file("../evil", "x").bytes(),
                    new Tar().file("./../../evil2", "x").bytes(),
                    // a symlink to a host directory, then an entry through it
                    new Tar().symlink("esc", outside.toString()).file("esc/file", "x").bytes(),
                    new Tar().symlink("up", "../../../../../../../../" + outside).file("up/file2", "x").bytes(),
                    new Tar().symlink("dirlink", outside.toString()).dir("dirlink/made", 0755, 0, 0).bytes(),
                    // a hard link to a host file, by a climbing and by an absolute name
                    new Tar().hardlink("hl", "../../../../../../../.." + secret).bytes(),
                    new Tar().hardlink("hl2", secret.toString()).bytes());
            // The volume root is the root of every name, as a chroot is Docker's: climbing names land inside; a
            // symlink out of the volume is kept and followed inside it, where the host's path does not exist.
            List<Integer> expected = List.of(204, 204, 500, 500, 500, 500, 500);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < attempts.size(); i++) {
                ApiClient.Response r = importTar("im-esc", attempts.get(i));
                assertThat(r.status()).as("attempt %d: %s", i, r.text()).isEqualTo(expected.get(i));
                texts.add(r.text());
                assertThat(c.get("/_ping").status()).isEqualTo(200);
            }
            assertThat(texts.get(2)).isEqualTo("{\"message\":\"import im-esc: open /esc/file: no such file or directory\"}\n");
            assertThat(texts.get(6)).isEqualTo("{\"message\":\"import im-esc: link " + secret + " /hl2: no such file or"
                    + " directory\"}\n");
            assertThat(texts).noneMatch(t -> t.contains(d.dataRoot().toString()));
            assertThat(v.resolve("evil")).hasContent("x");
            assertThat(v.resolve("evil2")).hasContent("x");
            try (Stream<Path> s = Files.list(outside)) {
                assertThat(s.toList()).isEmpty();
            }
            assertThat(v.getParent().resolve("evil")).doesNotExist();
            assertThat(v.getParent().getParent().resolve("evil")).doesNotExist();
            assertThat(v.getParent().getParent().resolve("evil2")).doesNotExist();
            assertThat(FileSys.lstat(secret).nlink()).isEqualTo(1);
            assertThat(Files.readString(secret)).isEqualTo("host secret\n");
            // whatever was confined, the volume works on
            assertThat(importTar("im-esc", new Tar().file("fine", "fine\n").bytes()).status()).isEqualTo(204);
            assertThat(Files.readString(v.resolve("fine"))).isEqualTo("fine\n");
            assertThat(d.daemon().volumes().references("im-esc")).isEmpty();
            // removing the volume does not follow the symlinks left in it
            assertThat(c.delete("/volumes/im-esc").status()).isEqualTo(204);
            assertThat(outside).isDirectory();
            assertThat(Files.readString(secret)).isEqualTo("host secret\n");
        } finally {
            removeVolumes("im-esc");
        }
    }

    @Test
    void import_unknownVolume404_malformedBodyAnErrorAndTheVolumeKept() throws IOException {
        ApiClient.Response r = importTar("nope", new Tar().file("f", "x").bytes());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("{\"message\":\"get nope: no such volume\"}\n");

        createVolume("im-bad", null);
        try {
            Files.writeString(data("im-bad").resolve("before"), "b\n");
            byte[] garbage = new byte[2048];
            new java.util.Random(7).nextBytes(garbage);
            byte[] full = new Tar().file("big", "y".repeat(5000)).bytes();
            byte[] truncated = java.util.Arrays.copyOf(full, 1536);
            byte[] gzipTruncated = java.util.Arrays.copyOf(compress(full, VolumeArchiveIT::gzip), 20);
            for (byte[] body : List.of(garbage, truncated, gzipTruncated)) {
                r = importTar("im-bad", body);
                assertThat(r.status()).as("%d bytes: %s", body.length, r.text()).isEqualTo(400);
                assertThat(c.get("/volumes/im-bad").status()).isEqualTo(200);
                assertThat(d.daemon().volumes().references("im-bad")).isEmpty();
            }
            assertThat(Files.readString(data("im-bad").resolve("before"))).isEqualTo("b\n");
        } finally {
            removeVolumes("im-bad");
        }
    }

    /**
     * A body shorter than one tar record that is not a tar is no empty archive: 400 with Go's "unexpected EOF" (Docker's
     * untar reads the first 512-byte header with io.ReadFull).
     */
    @Test
    void import_shortNonTarBody_isAnError() throws IOException {
        createVolume("im-short", null);
        try {
            ApiClient.Response r = importTar("im-short", "not a tar\n".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("{\"message\":\"import im-short: unexpected EOF\"}\n");
            assertThat(importTar("im-short", new byte[0]).status()).as("an empty body is an empty archive").isEqualTo(204);
            assertThat(c.get("/volumes/im-short").status()).isEqualTo(200);
        } finally {
            removeVolumes("im-short");
        }
    }

    // --- clone ---

    @Test
    void clone_201AsInspect_contentIdentical_labelsCopiedOrReplaced_createEvent() throws Exception {
        createVolume("cl-src", "{\"team\":\"x\",\"tier\":\"1\"}");
        try {
            populate(data("cl-src"));
            String since = now();
            ApiClient.Response r = cloneVolume("cl-src", "{\"Name\":\"cl-dst\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            assertThat(r.text()).matches("\\{\"CreatedAt\":\"[^\"]+\",\"Driver\":\"local\",\"Labels\":\\{\"team\":\"x\","
                    + "\"tier\":\"1\"},\"Mountpoint\":\"" + data("cl-dst") + "\",\"Name\":\"cl-dst\",\"Options\":null,"
                    + "\"Scope\":\"local\"}\n");
            assertThat(r.text()).isEqualTo(c.get("/volumes/cl-dst").text());
            assertThat(describe(data("cl-dst"))).isEqualTo(describe(data("cl-src")));
            assertThat(FileSys.lgetxattr(data("cl-dst").resolve("f"), "security.capability")).isEqualTo(CAP_NET_RAW);
            assertThat(FileSys.lstat(data("cl-dst").resolve("hl")).ino())
                    .isEqualTo(FileSys.lstat(data("cl-dst").resolve("f")).ino());

            r = cloneVolume("cl-src", "{\"Name\":\"cl-relabelled\",\"Labels\":{\"a\":\"b\"}}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            assertThat(Json.MAPPER.readTree(r.body()).get("Labels").toString()).isEqualTo("{\"a\":\"b\"}");
            assertThat(describe(data("cl-relabelled"))).isEqualTo(describe(data("cl-src")));

            Thread.sleep(20);
            String until = now();
            List<String> events = new ArrayList<>();
            for (String line : c.get("/events?since=" + since + "&until=" + until + "&filters="
                    + ApiClient.enc("{\"type\":[\"volume\"]}")).text().split("\n")) {
                JsonNode e = Json.MAPPER.readTree(line);
                events.add(e.get("Action").asText() + " " + e.get("Actor").get("ID").asText() + " "
                        + e.get("Actor").get("Attributes").path("driver").asText());
            }
            assertThat(events).contains("create cl-dst local", "create cl-relabelled local")
                    .noneMatch(e -> e.startsWith("destroy"));
            assertThat(d.daemon().volumes().references("cl-src")).isEmpty();
            assertThat(d.daemon().volumes().references("cl-dst")).isEmpty();
        } finally {
            removeVolumes("cl-src", "cl-dst", "cl-relabelled");
        }
    }

    @Test
    void clone_ofAnAnonymousVolume_dropsTheAnonymousLabel() throws IOException {
        ApiClient.Response created = c.request("POST", "/volumes/create", null, null);
        assertThat(created.status()).isEqualTo(201);
        String anon = Json.MAPPER.readTree(created.body()).get("Name").asText();
        try {
            Files.writeString(data(anon).resolve("a"), "anon\n");
            ApiClient.Response r = cloneVolume(anon, "{\"Name\":\"cl-named\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            JsonNode labels = Json.MAPPER.readTree(c.get("/volumes/cl-named").body()).get("Labels");
            assertThat(labels.has("com.docker.volume.anonymous")).as(labels.toString()).isFalse();
            assertThat(Files.readString(data("cl-named").resolve("a"))).isEqualTo("anon\n");
            // the source keeps its own
            assertThat(Json.MAPPER.readTree(c.get("/volumes/" + anon).body()).get("Labels")
                    .has("com.docker.volume.anonymous")).isTrue();
        } finally {
            removeVolumes(anon, "cl-named");
        }
    }

    @Test
    void clone_errors_404_409_400_leaveNothingBehind() throws IOException {
        createVolume("cl-e-src", null);
        createVolume("cl-e-taken", null);
        try {
            Files.writeString(data("cl-e-taken").resolve("mine"), "mine\n");
            ApiClient.Response r = cloneVolume("cl-e-src", "{\"Name\":\"cl-e-taken\"}");
            assertThat(r.status()).isEqualTo(409);
            assertThat(message(r)).isEqualTo("create cl-e-taken: volume already exists");
            assertThat(Files.readString(data("cl-e-taken").resolve("mine"))).isEqualTo("mine\n");

            r = cloneVolume("nope", "{\"Name\":\"cl-e-new\"}");
            assertThat(r.status()).isEqualTo(404);
            assertThat(message(r)).isEqualTo("get nope: no such volume");
            assertThat(c.get("/volumes/cl-e-new").status()).isEqualTo(404);

            for (String body : new String[] {"{}", "{\"Name\":\"\"}", "{\"Labels\":{\"a\":\"b\"}}"}) {
                r = cloneVolume("cl-e-src", body);
                assertThat(r.status()).as(body).isEqualTo(400);
                assertThat(message(r)).contains("name is required");
            }
            r = cloneVolume("cl-e-src", null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(d.daemon().volumes().references("cl-e-src")).isEmpty();
            assertThat(d.daemon().volumes().references("cl-e-taken")).isEmpty();
            assertThat(Json.MAPPER.readTree(c.get("/volumes").body()).get("Volumes")).hasSize(2);
        } finally {
            removeVolumes("cl-e-src", "cl-e-taken", "cl-e-new");
        }
    }

    /**
     * A plugin's volumes clone through the plugin: the target is created, mounted and unmounted by it. A target its
     * driver did not make empty (here: a directory the plugin already had) gets the source merged into it, its own
     * file kept.
     */
    @Test
    void clone_ofAPluginVolume_throughThePlugin_aNonEmptyTargetMerged() throws IOException {
        Path pluginData = scratch.resolve("plugin-data");
        try (FakeVolumePlugin plugin = FakeVolumePlugin.onUnixSocket(d.config().pluginDir().resolve("clonefake.sock"),
                pluginData)) {
            d.dockerOk("volume", "create", "-d", "clonefake", "--label", "k=v", "pl-src");
            populate(plugin.mountpoint("pl-src"));
            List<String> source = describe(plugin.mountpoint("pl-src"));
            Files.createDirectories(pluginData.resolve("pl-dst"));
            Files.writeString(pluginData.resolve("pl-dst").resolve("kept"), "the driver's\n");
            try {
                ApiClient.Response r = cloneVolume("pl-src", "{\"Name\":\"pl-dst\"}");
                assertThat(r.status()).as(r.text()).isEqualTo(201);
                JsonNode v = Json.MAPPER.readTree(r.body());
                assertThat(v.get("Driver").asText()).isEqualTo("clonefake");
                assertThat(v.get("Labels").toString()).isEqualTo("{\"k\":\"v\"}");
                assertThat(plugin.volumes()).contains("pl-src", "pl-dst");
                assertThat(Files.readString(plugin.mountpoint("pl-dst").resolve("kept"))).isEqualTo("the driver's\n");
                List<String> target = describe(plugin.mountpoint("pl-dst"));
                assertThat(target).hasSize(source.size() + 1).containsAll(source.subList(1, source.size()));
                assertThat(target.getFirst()).as("the root's owner, mode and times").isEqualTo(source.getFirst());
                assertThat(plugin.activeMounts()).isEmpty();
                assertThat(d.daemon().volumes().references("pl-src")).isEmpty();
            } finally {
                removeVolumes("pl-src", "pl-dst");
            }
        }
    }

    /**
     * A bind volume's options name its storage: a clone with the same options would mount the same directory and
     * copy it onto itself. Refused (400), nothing created, the directory untouched.
     */
    @Test
    void clone_ofABindVolume_isRefused_itsDirectoryIntact() throws IOException {
        Path device = Files.createDirectory(scratch.resolve("bind-device"));
        populate(device);
        byte[] big = new byte[3 << 20]; // more than the clone's pipe holds
        new java.util.Random(3).nextBytes(big);
        Files.write(device.resolve("big"), big);
        List<String> before = describe(device);
        d.dockerOk("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + device, "bind-src");
        try {
            ApiClient.Response r = cloneVolume("bind-src", "{\"Name\":\"bind-dst\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("{\"message\":\"clone bind-src: its options name its storage (device "
                    + device + "), which a volume with the same options shares; create a volume with these options,"
                    + " or use export and import to copy its content\"}\n");
            assertThat(c.get("/volumes/bind-dst").status()).isEqualTo(404);
            assertThat(describe(device)).isEqualTo(before);
            assertThat(mounted(data("bind-src"))).isFalse();
            assertThat(d.daemon().volumes().references("bind-src")).isEmpty();
            // export and import are how its content moves
            byte[] tar = export("bind-src").body();
            createVolume("bind-copy", null);
            assertThat(importTar("bind-copy", tar).status()).isEqualTo(204);
            assertThat(describe(data("bind-copy"))).isEqualTo(before);
        } finally {
            removeVolumes("bind-src", "bind-dst", "bind-copy");
        }
        assertThat(describe(device)).as("removing bind volumes leaves their device alone").isEqualTo(before);
    }

    // --- volumes with options: mounted for the operation only ---

    @Test
    void tmpfsVolume_mountedForEachOperation_contentWhileAContainerHoldsIt_noClone() throws IOException {
        Proc.Result created = d.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=3m",
                "tv-src");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        try {
            // not held: each operation mounts the (empty) tmpfs and unmounts it after
            ApiClient.Response r = export("tv-src");
            assertThat(r.status()).isEqualTo(200);
            assertThat(names(r.body())).containsExactly("./");
            assertThat(mounted(data("tv-src"))).isFalse();
            assertThat(importTar("tv-src", new Tar().file("gone", "x").bytes()).status()).isEqualTo(204);
            assertThat(mounted(data("tv-src"))).isFalse();
            assertThat(data("tv-src").resolve("gone")).doesNotExist();

            d.dockerOk("run", "-d", "--name", "tv-holder", "-v", "tv-src:/d", "bb", "sleep", "60");
            try {
                assertThat(mounted(data("tv-src"))).isTrue();
                r = importTar("tv-src", new Tar().dir("./", 0705, 0, 0).file("f", "in tmpfs\n", 0600, 3, 4, Map.of())
                        .dir("sub", 0755, 0, 0).file("sub/g", "g\n").hardlink("h", "f", 0600, 3, 4).bytes());
                assertThat(r.status()).as(r.text()).isEqualTo(204);
                assertThat(mounted(data("tv-src"))).as("the container still holds it").isTrue();
                assertThat(Files.readString(data("tv-src").resolve("f"))).isEqualTo("in tmpfs\n");
                // the container sees it: the same mount
                byte[] seen = c.get("/containers/tv-holder/archive?path=/d/f").body();
                try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(seen))) {
                    assertThat(in.getNextEntry().getName()).isEqualTo("f");
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("in tmpfs\n");
                }

                byte[] tar = export("tv-src").body();
                assertThat(names(tar)).containsExactly("./", "./f", "./h => ./f", "./sub/", "./sub/g");
                assertThat(entry(tar, "./").getMode()).isEqualTo(040705);
                assertThat(entry(tar, "./f").getLongUserId()).isEqualTo(3);

                // a tmpfs's content lives only while it is mounted: no clone of it
                r = cloneVolume("tv-src", "{\"Name\":\"tv-dst\"}");
                assertThat(r.status()).as(r.text()).isEqualTo(400);
                assertThat(r.text()).contains("clone tv-src: its tmpfs content lives only while it is mounted");
                assertThat(c.get("/volumes/tv-dst").status()).isEqualTo(404);
                assertThat(mounted(data("tv-src"))).isTrue();
                assertThat(d.daemon().volumes().references("tv-src")).hasSize(1);
            } finally {
                d.docker("rm", "-f", "tv-holder");
            }
            assertThat(mounted(data("tv-src"))).isFalse();
        } finally {
            removeVolumes("tv-src", "tv-dst");
        }
    }

    // --- the volume is in use while an export or import runs ---

    @Test
    void rmDuringExport_is409InUse_thenSucceedsOnceTheExportEnded() throws Exception {
        createVolume("use-ex", null);
        try {
            Path v = data("use-ex");
            Files.writeString(v.resolve("small"), "s\n");
            try (RandomAccessFile big = new RandomAccessFile(v.resolve("big").toFile(), "rw")) {
                big.setLength(64L << 20); // sparse: cheap to make, 64 MiB of tar to send
            }
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(d.socket()));
                ch.write(ByteBuffer.wrap(("GET /berth/volumes/use-ex/export HTTP/1.1\r\nHost: x\r\nConnection: close"
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                // the export holds the volume until the client has read the whole tar, which it has not
                awaitReferences("use-ex", true);
                Proc.Result rm = d.docker("volume", "rm", "use-ex");
                assertThat(rm.exitCode()).as(rm.toString()).isEqualTo(1);
                assertThat(rm.err()).contains("Error response from daemon: remove use-ex: volume is in use - [export-");
                assertThat(d.daemon().volumes().references("use-ex")).singleElement().asString().startsWith("export-");

                long total = 0;
                ByteArrayOutputStream tail = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                for (int n; (n = ch.read(buf)) >= 0; buf.clear()) {
                    total += n;
                    if (total > (64L << 20)) {
                        tail.write(buf.array(), 0, n);
                    }
                }
                assertThat(total).isGreaterThan(64L << 20);
                assertThat(tail.toString(StandardCharsets.ISO_8859_1)).endsWith("\r\n0\r\n\r\n");
            }
            awaitReferences("use-ex", false);
            assertThat(d.dockerOk("volume", "rm", "use-ex").outTrim()).isEqualTo("use-ex");
        } finally {
            removeVolumes("use-ex");
        }
    }

    @Test
    void rmDuringImport_is409InUse_thenSucceedsOnceTheImportEnded() throws Exception {
        createVolume("use-im", null);
        try {
            byte[] tar = new Tar().file("first", "1\n").file("second", "2\n").bytes();
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(d.socket()));
                // the head and the first entry's header: the import starts and waits for the rest
                String head = "POST /berth/volumes/use-im/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar"
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(512) + "\r\n";
                ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
                ch.write(ByteBuffer.wrap(tar, 0, 512));
                ch.write(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1)));
                awaitReferences("use-im", true);
                Proc.Result rm = d.docker("volume", "rm", "use-im");
                assertThat(rm.exitCode()).as(rm.toString()).isEqualTo(1);
                assertThat(rm.err()).contains("Error response from daemon: remove use-im: volume is in use - [import-");

                ch.write(ByteBuffer.wrap((Integer.toHexString(tar.length - 512) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                ch.write(ByteBuffer.wrap(tar, 512, tar.length - 512));
                ch.write(ByteBuffer.wrap("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                for (int n; (n = ch.read(buf)) >= 0; buf.clear()) {
                    reply.write(buf.array(), 0, n);
                }
                assertThat(reply.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 204");
            }
            assertThat(Files.readString(data("use-im").resolve("second"))).isEqualTo("2\n");
            awaitReferences("use-im", false);
            assertThat(d.dockerOk("volume", "rm", "use-im").outTrim()).isEqualTo("use-im");
        } finally {
            removeVolumes("use-im");
        }
    }

    /** Waits (up to 30 s) until the volume is referenced, or no longer referenced. */
    private void awaitReferences(String volume, boolean present) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (d.daemon().volumes().references(volume).isEmpty() == present && System.nanoTime() < deadline) {
            TestDaemon.sleep(20);
        }
        assertThat(d.daemon().volumes().references(volume).isEmpty()).as("references of %s", volume).isEqualTo(!present);
    }

    // --- berth volume export|import|clone ---

    @Test
    void cli_exportToFileImportFromFileAndThroughAPipe_cloneWithLabels() throws IOException {
        d.berth("volume", "create", "--label", "from=src", "cli-src");
        d.berth("volume", "create", "cli-file");
        d.berth("volume", "create", "cli-pipe");
        try {
            populate(data("cli-src"));
            Path out = scratch.resolve("cli-src.tar");
            Proc.Result r = d.berth("volume", "export", "cli-src", "-o", out.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(names(Files.readAllBytes(out))).startsWith("./", "./abs -> /etc/passwd", "./f");
            assertThat(scratch.resolve(".cli-src.tar.partial")).doesNotExist();

            r = d.berth("volume", "import", "cli-file", out.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(describe(data("cli-file"))).isEqualTo(describe(data("cli-src")));

            Proc.Result pipe = Proc.run("bash", "-c", "set -o pipefail; " + berthCommand()
                    + " volume export cli-src | " + berthCommand() + " volume import cli-pipe -");
            assertThat(pipe.exitCode()).as(pipe.toString()).isZero();
            assertThat(describe(data("cli-pipe"))).isEqualTo(describe(data("cli-src")));

            // stdin when no file is named
            r = d.berthWith(Map.of(), new Tar().file("stdin", "from stdin\n").bytes(), "volume", "import", "cli-pipe");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.readString(data("cli-pipe").resolve("stdin"))).isEqualTo("from stdin\n");

            r = d.berth("volume", "clone", "--label", "a=b", "--label", "c=d", "cli-src", "cli-clone");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("cli-clone\n");
            JsonNode v = Json.MAPPER.readTree(d.berth("volume", "inspect", "cli-clone").out()).get(0);
            assertThat(v.get("Labels").toString()).isEqualTo("{\"a\":\"b\",\"c\":\"d\"}");
            assertThat(describe(data("cli-clone"))).isEqualTo(describe(data("cli-src")));
            r = d.berth("volume", "clone", "cli-src", "cli-clone2");
            assertThat(r.out()).isEqualTo("cli-clone2\n");
            assertThat(Json.MAPPER.readTree(d.berth("volume", "inspect", "cli-clone2").out()).get(0).get("Labels")
                    .toString()).isEqualTo("{\"from\":\"src\"}");
        } finally {
            removeVolumes("cli-src", "cli-file", "cli-pipe", "cli-clone", "cli-clone2");
        }
    }

    @Test
    void cli_errors_exit1WithTheDaemonsMessage_noFileLeft() throws IOException {
        d.berth("volume", "create", "cli-e");
        try {
            Path out = scratch.resolve("nope.tar");
            Proc.Result r = d.berth("volume", "export", "nope", "-o", out.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");
            assertThat(out).doesNotExist();
            assertThat(scratch.resolve(".nope.tar.partial")).doesNotExist();

            r = d.berth("volume", "export", "nope");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");

            Path tar = Files.write(scratch.resolve("one.tar"), new Tar().file("f", "x").bytes());
            r = d.berth("volume", "import", "nope", tar.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");

            r = d.berth("volume", "clone", "nope", "cli-e2");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("Error response from daemon: get nope: no such volume\n");
            r = d.berth("volume", "clone", "cli-e", "cli-e");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error response from daemon: create cli-e: volume already exists\n");

            // a terminal on stdout is refused before anything is asked of the daemon
            Proc.Result tty = Proc.run("script", "-qec", berthCommand() + " volume export cli-e", "/dev/null");
            assertThat(tty.exitCode()).as(tty.toString()).isEqualTo(1);
            assertThat(tty.out()).contains("cowardly refusing to save to a terminal");
        } finally {
            removeVolumes("cli-e", "cli-e2");
        }
    }
}
