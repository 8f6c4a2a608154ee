package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.ApiClient;
import dev.berth.sys.MountInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes, binds and tmpfs in running containers through the stock docker CLI (docker-storage-semantics.md §2.4,
 * §2.5, §4): copy-up with every attribute, when it never happens, subpaths and their escapes, tmpfs, sharing,
 * read-only, volumes-from, inspect, filters, events, df, and local volumes with mount options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountRuntimeIT {

    private static final String IMG = "mr-img";
    private static final long MTIME = 1_600_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    TestDaemon d;
    Path host;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard()
                .dir("data", 0750, 1000, 2000).modTime("data", MTIME)
                .file("data/f", "hello", 0640, 1001, 1002).modTime("data/f", MTIME)
                .fileWithXattr("data/x", "xa", "user.test", "v1")
                .symlink("data/link", "f")
                .symlink("data/out", "/etc/passwd")
                .hardlink("data/hl", "data/f", 0640, 1001, 1002).modTime("data/hl", MTIME)
                .dir("data/sub", 02775, 7, 8)
                .dir("empty", 0700, 5, 6)
                .importInto(d, IMG, "VOLUME /data");
        host = Files.createTempDirectory(Path.of("/tmp"), "mr-host-");
    }

    @AfterAll
    void stop() {
        d.close();
        TestDaemon.unmountUnder(host);
        TestDaemon.deleteTree(host);
    }

    private Proc.Result ok(String... args) {
        return d.dockerOk(args);
    }

    private JsonNode mounts(String container) throws Exception {
        return JSON.readTree(ok("inspect", "--format", "{{json .Mounts}}", container).outTrim());
    }

    private JsonNode mountAt(String container, String destination) throws Exception {
        for (JsonNode m : mounts(container)) {
            if (m.get("Destination").asText().equals(destination)) {
                return m;
            }
        }
        throw new AssertionError("no mount at " + destination + " in " + mounts(container));
    }

    private Path volumePath(String name) {
        return d.dataRoot().resolve("volumes").resolve(name).resolve("_data");
    }

    private Set<String> volumeNames() {
        return Set.copyOf(ok("volume", "ls", "-q").lines());
    }

    private static Map<String, Object> attrs(Path p) throws Exception {
        return Files.readAttributes(p, "unix:uid,gid,mode,ino,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void copyUp_imageVolume_keepsOwnersModesTimesXattrsLinks() throws Exception {
        ok("create", "--name", "cu1", IMG, "true");
        JsonNode m = mountAt("cu1", "/data");
        Path v = Path.of(m.get("Source").asText());
        assertThat(v).isEqualTo(volumePath(m.get("Name").asText()));

        Map<String, Object> root = attrs(v);
        assertThat(root.get("uid")).isEqualTo(1000);
        assertThat(root.get("gid")).isEqualTo(2000);
        assertThat((int) root.get("mode") & 07777).isEqualTo(0750);
        assertThat(root.get("lastModifiedTime").toString()).isEqualTo("2020-09-13T12:26:40Z");

        Map<String, Object> f = attrs(v.resolve("f"));
        assertThat(Files.readString(v.resolve("f"))).isEqualTo("hello");
        assertThat(List.of(f.get("uid"), f.get("gid"), (int) f.get("mode") & 07777)).containsExactly(1001, 1002, 0640);
        assertThat(f.get("lastModifiedTime").toString()).isEqualTo("2020-09-13T12:26:40Z");
        assertThat(attrs(v.resolve("hl")).get("ino")).isEqualTo(f.get("ino"));
        assertThat(Files.readSymbolicLink(v.resolve("link")).toString()).isEqualTo("f");
        // An image symlink pointing out of the directory is copied as a link, never followed.
        assertThat(Files.readSymbolicLink(v.resolve("out")).toString()).isEqualTo("/etc/passwd");
        Map<String, Object> sub = attrs(v.resolve("sub"));
        assertThat(List.of(sub.get("uid"), sub.get("gid"), (int) sub.get("mode") & 07777)).containsExactly(7, 8, 02775);

        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(v.resolve("x"),
                UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(16);
        xattrs.read("test", buf);
        assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)).isEqualTo("v1");

        String anon = m.get("Name").asText();
        ok("rm", "-v", "cu1");
        assertThat(volumeNames()).doesNotContain(anon);
    }

    @Test
    void copyUp_emptyImageDirectory_volumeRootTakesItsAttributes() throws Exception {
        ok("create", "--name", "cu2", "-v", "cu2vol:/empty", IMG, "true");
        Map<String, Object> root = attrs(volumePath("cu2vol"));
        assertThat(List.of(root.get("uid"), root.get("gid"), (int) root.get("mode") & 07777)).containsExactly(5, 6,
                0700);
        ok("rm", "-v", "cu2");
        assertThat(volumeNames()).as("rm -v keeps named volumes").contains("cu2vol");
        ok("volume", "rm", "cu2vol");
    }

    @Test
    void copyUp_never_forNocopyBindsVolumesFromOrNonEmptyVolumes() throws Exception {
        ok("create", "--name", "nc1", "--mount", "type=volume,src=ncvol,dst=/data,volume-nocopy", IMG, "true");
        assertThat(volumePath("ncvol")).isEmptyDirectory();

        Path bind = Files.createDirectory(host.resolve("nocopy-bind"));
        ok("create", "--name", "nc2", "-v", bind + ":/data", IMG, "true");
        assertThat(bind).isEmptyDirectory();

        ok("create", "--name", "nc3", "--volumes-from", "nc1", IMG, "true");
        assertThat(volumePath("ncvol")).isEmptyDirectory();
        assertThat(mountAt("nc3", "/data").get("Name").asText()).isEqualTo("ncvol");

        ok("volume", "create", "full");
        Files.writeString(volumePath("full").resolve("mine"), "mine");
        ok("create", "--name", "nc4", "-v", "full:/data", IMG, "true");
        try (var files = Files.list(volumePath("full"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mine");
        }
        ok("rm", "-v", "nc1", "nc2", "nc3", "nc4");
        ok("volume", "rm", "ncvol", "full");
    }

    @Test
    void subpath_insideWorks_escapesAndMissingRejected() throws Exception {
        ok("volume", "create", "spvol");
        Path v = volumePath("spvol");
        Files.createDirectories(v.resolve("sub"));
        Files.writeString(v.resolve("sub/file"), "in sub");
        Files.createSymbolicLink(v.resolve("in"), Path.of("sub"));
        Files.createSymbolicLink(v.resolve("toroot"), Path.of("/"));
        Files.createSymbolicLink(v.resolve("chain"), Path.of("toroot"));

        for (String sub : List.of("sub", "in")) {
            Proc.Result r = ok("run", "--rm", "--mount", "type=volume,src=spvol,dst=/m,volume-subpath=" + sub, IMG,
                    "cat", "/m/file");
            assertThat(r.outTrim()).isEqualTo("in sub");
        }
        Path scratch = d.config().execRoot().resolve("safe-mounts");
        assertThat(scratch).as("made on first use, emptied after start").isEmptyDirectory();

        for (String sub : List.of("toroot", "chain")) {
            Proc.Result r = d.docker("run", "--name", "esc-" + sub, "--mount",
                    "type=volume,src=spvol,dst=/m,volume-subpath=" + sub, IMG, "true");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.err().lines().findFirst().orElse("")).isEqualTo("docker: Error response from daemon: path"
                    + " concatenation escapes the base directory, base: " + v + ", subpath: " + sub);
            ok("rm", "esc-" + sub);
        }
        Proc.Result r = d.docker("run", "--name", "sp-missing", "--mount",
                "type=volume,src=spvol,dst=/m,volume-subpath=missing", IMG, "true");
        // The CLI exits 127 for a start error that says "no such file or directory".
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
        assertThat(r.err().lines().findFirst().orElse("")).isEqualTo("docker: Error response from daemon: cannot"
                + " access path " + v + "/missing: lstat " + v + "/missing: no such file or directory");
        ok("rm", "sp-missing");
        assertThat(mountsUnder(v)).as("the volume was unmounted again after each failure").isEmpty();
        ok("volume", "rm", "spvol");
    }

    private static List<String> mountsUnder(Path p) throws Exception {
        return MountInfo.read().stream().map(MountInfo.Entry::mountPoint).filter(m -> m.startsWith(p.toString()))
                .toList();
    }

    @Test
    void tmpfs_modeHonouredOverImageDir_contentGoneAfterRestart() {
        Proc.Result first = ok("run", "--name", "tmp1", "--tmpfs", "/empty:mode=755", "--mount",
                "type=tmpfs,dst=/data,tmpfs-mode=0710,tmpfs-size=1m", IMG, "sh", "-c",
                "stat -c %a /empty /data; ls /data; touch /data/kept /empty/kept");
        assertThat(first.lines()).containsExactly("755", "710");
        ok("start", "tmp1");
        assertThat(ok("wait", "tmp1").outTrim()).isEqualTo("0");
        assertThat(ok("logs", "tmp1").lines()).as("nothing persisted").containsExactly("755", "710", "755", "710");
        ok("rm", "tmp1");
    }

    @Test
    void volume_sharedLiveBetweenContainers_readOnlySideCannotWrite() throws Exception {
        ok("run", "-d", "--name", "writer", "-v", "shared:/v", IMG, "sh", "-c", "echo live > /v/a; sleep 60");
        Path a = volumePath("shared").resolve("a");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(a) && Files.size(a) > 0) && System.currentTimeMillis() < deadline) {
            TestDaemon.sleep(20);
        }
        Proc.Result r = d.docker("run", "--rm", "-v", "shared:/v:ro", IMG, "sh", "-c", "cat /v/a; touch /v/b");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outTrim()).isEqualTo("live");
        assertThat(r.err().strip()).isEqualTo("touch: /v/b: Read-only file system");

        assertThat(ok("ps", "-q", "--no-trunc", "--filter", "volume=shared").outTrim())
                .isEqualTo(ok("inspect", "--format", "{{.Id}}", "writer").outTrim());
        Proc.Result ro = d.docker("run", "--rm", "--volumes-from", "writer:ro", IMG, "touch", "/v/c");
        assertThat(ro.err().strip()).isEqualTo("touch: /v/c: Read-only file system");
        ok("rm", "-f", "writer");
        assertThat(Files.readString(a)).as("data outlives its containers").isEqualTo("live\n");
        ok("volume", "rm", "shared");
    }

    @Test
    void readOnlyRoot_volumesStayWritable() {
        Proc.Result r = d.docker("run", "--rm", "--read-only", "-v", "/data", "--tmpfs", "/run", IMG, "sh", "-c",
                "touch /data/ok /run/ok && echo written; touch /nope");
        assertThat(r.outTrim()).isEqualTo("written");
        assertThat(r.err().strip()).isEqualTo("touch: /nope: Read-only file system");
    }

    @Test
    void singleLetterVolumeName_isAnAnonymousVolumeAtARelativePath_asDockerDoes() {
        // The CLI reads `a:/x` as a Windows drive path and sends it as Config.Volumes {"a:/x":{}}, not as a bind;
        // dockerd keeps the relative destination and the volume appears at /a:/x inside the container.
        Set<String> before = volumeNames();
        ok("create", "--name", "driveletter", "-v", "a:/x", "-v", "b:/x", IMG, "sh", "-c",
                "test -d /a:/x && test -d /b:/x && echo both");
        assertThat(ok("inspect", "-f", "{{json .HostConfig.Binds}}", "driveletter").outTrim()).isEqualTo("null");
        assertThat(ok("inspect", "-f", "{{range $k, $v := .Config.Volumes}}{{$k}};{{end}}", "driveletter").outTrim())
                .isEqualTo("/data;a:/x;b:/x;");
        // Docker lists Mounts in map order (random); compare as a set.
        assertThat(ok("inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Destination}}\n{{end}}", "driveletter").lines())
                .containsExactlyInAnyOrder("volume /data", "volume a:/x", "volume b:/x");
        assertThat(ok("start", "-a", "driveletter").outTrim()).isEqualTo("both");
        ok("rm", "-v", "driveletter");
        assertThat(volumeNames()).isEqualTo(before);
    }

    @Test
    void tmpfsOverImageVolume_noAnonymousVolume_noCopyUp() throws Exception {
        Set<String> before = volumeNames();
        ok("create", "--name", "shadow", "--tmpfs", "/data", IMG, "sh", "-c",
                "grep ' /data ' /proc/mounts | cut -d' ' -f3; ls -A /data | wc -l");
        assertThat(volumeNames()).isEqualTo(before);
        assertThat(mounts("shadow")).isEmpty();
        assertThat(ok("start", "-a", "shadow").lines()).containsExactly("tmpfs", "0");
        ok("rm", "-v", "shadow");
    }

    @Test
    void bindOfTheDataRoot_slaveByDefault_privateRejected() throws Exception {
        Path root = d.dataRoot().toRealPath();
        ok("create", "--name", "rootbind", "-v", root.resolve("volumes") + ":/dr", IMG, "true");
        assertThat(mountAt("rootbind", "/dr").get("Propagation").asText()).isEqualTo("rslave");
        ok("rm", "rootbind");
        ok("create", "--name", "rootshared", "-v", root + ":/dr:rshared", IMG, "true");
        assertThat(mountAt("rootshared", "/dr").get("Propagation").asText()).isEqualTo("rshared");
        ok("rm", "rootshared");
        Proc.Result r = d.docker("create", "-v", root + ":/dr:rprivate", IMG, "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("invalid mount config: must use either propagation mode \"rslave\" or"
                + " \"rshared\" when mount source is within the daemon root, daemon root: \"" + root
                + "\", bind mount source: \"" + root + "\", propagation: \"rprivate\"");
        // `-v /:/host` holds the data root too.
        ok("create", "--name", "hostroot", "-v", "/:/host:ro", IMG, "true");
        assertThat(mountAt("hostroot", "/host").get("Propagation").asText()).isEqualTo("rslave");
        ok("rm", "hostroot");
    }

    @Test
    void autoRemove_removesAnonymousVolumesOnly() {
        Set<String> before = volumeNames();
        ok("run", "--rm", "-v", "keepme:/k", "-v", "/anon", IMG, "true");
        Set<String> after = volumeNames();
        assertThat(after).containsAll(before).contains("keepme").hasSize(before.size() + 1);
        ok("volume", "rm", "keepme");
    }

    @Test
    void inspect_mountsAsDocker_tmpfsFromHostConfigNotListed() throws Exception {
        Path bind = Files.createDirectory(host.resolve("inspect-bind"));
        ok("create", "--name", "insp", "-v", bind + ":/b:ro,z", "-v", "named:/n", "--mount",
                "type=tmpfs,dst=/t", "--tmpfs", "/t2", "--mount", "type=bind,src=" + bind
                        + ",dst=/s,bind-propagation=rshared", IMG, "true");
        Map<String, JsonNode> byDest = new HashMap<>();
        for (JsonNode m : mounts("insp")) {
            byDest.put(m.get("Destination").asText(), m);
        }
        assertThat(byDest.keySet()).containsExactlyInAnyOrder("/b", "/n", "/t", "/s", "/data");
        assertThat(byDest.get("/b")).isEqualTo(JSON.readTree("{\"Type\":\"bind\",\"Source\":\"" + bind
                + "\",\"Destination\":\"/b\",\"Mode\":\"ro,z\",\"RW\":false,\"Propagation\":\"rprivate\"}"));
        assertThat(byDest.get("/s")).isEqualTo(JSON.readTree("{\"Type\":\"bind\",\"Source\":\"" + bind
                + "\",\"Destination\":\"/s\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"rshared\"}"));
        assertThat(byDest.get("/n")).isEqualTo(JSON.readTree("{\"Type\":\"volume\",\"Name\":\"named\",\"Source\":\""
                + volumePath("named") + "\",\"Destination\":\"/n\",\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,"
                + "\"Propagation\":\"\"}"));
        assertThat(byDest.get("/t")).isEqualTo(JSON.readTree("{\"Type\":\"tmpfs\",\"Source\":\"\","
                + "\"Destination\":\"/t\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"\"}"));
        JsonNode anon = byDest.get("/data");
        assertThat(anon.get("Name").asText()).hasSize(64);
        assertThat(anon.get("Mode").asText()).isEmpty();
        ok("rm", "-v", "insp");
        ok("volume", "rm", "named");
    }

    @Test
    void volumeEvents_mountAndUnmount_dfCountsReferences() throws Exception {
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        ok("run", "--name", "evc", "-v", "evvol:/e", IMG, "sh", "-c", "head -c 1000 /dev/zero > /e/k");
        String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
        List<String> events = ok("events", "--since", since, "--until", until, "--filter", "type=volume",
                "--filter", "volume=evvol", "--format", "{{.Action}} {{.Actor.ID}}").lines();
        assertThat(events).containsSubsequence("create evvol", "mount evvol", "unmount evvol");

        String line = ok("system", "df", "-v").lines().stream().filter(l -> l.startsWith("evvol "))
                .findFirst().orElseThrow();
        assertThat(line.split("\\s+")).containsExactly("evvol", "1", "1kB");
        ok("rm", "evc");
        ok("volume", "rm", "evvol");
    }

    @Test
    void localVolumeWithOptions_mountedWhileUsed() throws Exception {
        ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=3m", "tmpvol");
        Path dev = Files.createDirectory(host.resolve("device"));
        ok("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + dev, "bindvol");
        Path tv = volumePath("tmpvol");
        Path bv = volumePath("bindvol");
        ok("run", "-d", "--name", "user", "-v", "tmpvol:/t", "-v", "bindvol:/b", IMG, "sh", "-c",
                "grep -c ' /t .* tmpfs ' /proc/self/mountinfo > /b/seen; sleep 60");
        Path seen = dev.resolve("seen");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(seen) && Files.size(seen) > 0) && System.currentTimeMillis() < deadline) {
            TestDaemon.sleep(20);
        }
        assertThat(Files.readString(seen).strip()).isEqualTo("1");
        Set<String> points = MountInfo.read().stream().map(MountInfo.Entry::mountPoint).collect(Collectors.toSet());
        assertThat(points).contains(tv.toString(), bv.toString());
        ok("rm", "-f", "user");
        assertThat(mountsUnder(tv)).isEmpty();
        assertThat(mountsUnder(bv)).isEmpty();
        ok("volume", "rm", "tmpvol", "bindvol");
    }

    /**
     * Docker's populateVolume mounts a volume at create only when the image has something at the destination, and
     * words a failure there "failed to populate volume: error while mounting volume ..."; otherwise the volume is
     * first mounted at start, whose error has no populate prefix.
     */
    @Test
    void unmountableVolume_createMountsOnlyForImageContent_errorsWordedAsDocker() {
        Path dev = host.resolve("nonexistent");
        ok("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + dev, "badvol");
        String v = volumePath("badvol").toString();
        String mountError = "error while mounting volume '" + v + "': failed to mount local volume: mount " + dev
                + ":" + v + ", flags: 0x1000: no such file or directory";

        ok("create", "--name", "np1", "-v", "badvol:/nothere", IMG, "true");
        Proc.Result start = d.docker("start", "np1");
        assertThat(start.exitCode()).as(start.toString()).isNotZero();
        assertThat(start.err()).as(start.toString()).startsWith("Error response from daemon: " + mountError + "\n");

        Proc.Result create = d.docker("create", "--name", "np2", "-v", "badvol:/data", IMG, "true");
        assertThat(create.exitCode()).as(create.toString()).isNotZero();
        assertThat(create.err()).as(create.toString())
                .isEqualTo("Error response from daemon: failed to populate volume: " + mountError + "\n");
        assertThat(d.docker("inspect", "np2").exitCode()).as("nothing half-created").isNotZero();

        ok("rm", "np1");
        ok("volume", "rm", "badvol");
    }

    /** Docker resolves addr= of an nfs volume before mount(2), whether or not nfs-common is installed (§5). */
    @Test
    void nfsVolume_unresolvableAddr_dockersErrorAtCopyUpAndStart() {
        ok("volume", "create", "-o", "type=nfs", "-o", "o=addr=berth-no-such-host.invalid,rw", "-o",
                "device=:/export", "nfsbad");
        String error = "error while mounting volume '" + volumePath("nfsbad") + "': error resolving passed in "
                + "network volume address: lookup berth-no-such-host.invalid: no such host";

        Proc.Result create = d.docker("create", "--name", "nfs1", "-v", "nfsbad:/data", IMG, "true");
        assertThat(create.err()).as(create.toString())
                .isEqualTo("Error response from daemon: failed to populate volume: " + error + "\n");
        ok("create", "--name", "nfs2", "-v", "nfsbad:/nothere", IMG, "true");
        Proc.Result start = d.docker("start", "nfs2");
        assertThat(start.err()).as(start.toString()).startsWith("Error response from daemon: " + error + "\n");

        ok("rm", "nfs2");
        ok("volume", "rm", "nfsbad");
    }

    @Test
    void bindSource_missingCreatedForDashV_propagationFromHostSeen() throws Exception {
        Path created = host.resolve("made/by/start");
        ok("run", "--rm", "-v", created + ":/c", IMG, "true");
        assertThat(created).isDirectory();

        Path shared = Files.createDirectory(host.resolve("shared"));
        Proc.run("mount", "--bind", shared.toString(), shared.toString());
        Proc.run("mount", "--make-rshared", shared.toString());
        Files.createDirectory(shared.resolve("sub"));
        ok("run", "-d", "--name", "prop", "-v", shared + ":/p:rshared", IMG, "timeout", "20", "sh", "-c",
                "while ! test -e /p/sub/marker; do usleep 20000; done; echo seen");
        Proc.run("mount", "-t", "tmpfs", "proptest", shared.resolve("sub").toString());
        Files.writeString(shared.resolve("sub/marker"), "m");
        assertThat(ok("wait", "prop").outTrim()).isEqualTo("0");
        assertThat(ok("logs", "prop").outTrim()).isEqualTo("seen");
        ok("rm", "prop");
        TestDaemon.unmountUnder(host);
        Proc.run("umount", shared.toString());
    }

    @Test
    void mountFlag_createsNamedVolumeWithLabelsDriverAndOptions() throws Exception {
        ok("create", "--name", "lbl", "--mount", "type=volume,src=lblvol,dst=/l,volume-label=team=db,"
                + "volume-label=tier=,volume-driver=local,volume-opt=type=tmpfs,volume-opt=device=tmpfs", IMG, "true");
        JsonNode v = JSON.readTree(ok("volume", "inspect", "lblvol").outTrim()).get(0);
        assertThat(v.get("Driver").asText()).isEqualTo("local");
        assertThat(v.get("Labels")).isEqualTo(JSON.readTree("{\"team\":\"db\",\"tier\":\"\"}"));
        assertThat(v.get("Options")).isEqualTo(JSON.readTree("{\"type\":\"tmpfs\",\"device\":\"tmpfs\"}"));
        ok("rm", "-v", "lbl");
        ok("volume", "rm", "lblvol");
    }

    @Test
    void bindRecursion_andCreateSource() throws Exception {
        Path src = Files.createDirectories(host.resolve("rec/sub"));
        Proc.run("mount", "-t", "tmpfs", "rectest", src.toString());
        try {
            String bind = "type=bind,src=" + host.resolve("rec") + ",dst=/p";
            String probe = "touch /p/top 2>/dev/null && echo top-rw || echo top-ro;"
                    + " touch /p/sub/x 2>/dev/null && echo sub-rw || echo sub-ro;"
                    + " grep -q ' /p/sub ' /proc/self/mountinfo && echo sub-mounted || echo sub-hidden";
            assertThat(ok("run", "--rm", "--mount", bind, IMG, "sh", "-c", probe).lines())
                    .containsExactly("top-rw", "sub-rw", "sub-mounted");
            assertThat(ok("run", "--rm", "--mount", bind + ",bind-recursive=disabled", IMG, "sh", "-c", probe)
                    .lines()).containsExactly("top-rw", "sub-rw", "sub-hidden");
            assertThat(ok("run", "--rm", "--mount", bind + ",readonly", IMG, "sh", "-c", probe).lines())
                    .as("read-only is recursive where the kernel and runc offer rro")
                    .containsExactly("top-ro", "sub-ro", "sub-mounted");
            assertThat(ok("run", "--rm", "--mount", bind + ",readonly,bind-recursive=writable", IMG, "sh", "-c",
                    probe).lines()).containsExactly("top-ro", "sub-rw", "sub-mounted");
            assertThat(ok("run", "--rm", "--mount", bind + ",readonly,bind-recursive=readonly,bind-propagation=rprivate",
                    IMG, "sh", "-c", probe).lines()).containsExactly("top-ro", "sub-ro", "sub-mounted");
        } finally {
            Proc.run("umount", src.toString());
        }
        // CreateMountpoint over the API (docker CLI 28.2 has no bind-create-src yet); ignored before 1.42.
        Path missing = host.resolve("create-src/deep");
        byte[] body = ("{\"Image\":\"" + IMG + "\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\","
                + "\"Source\":\"" + missing + "\",\"Target\":\"/c\",\"BindOptions\":{\"CreateMountpoint\":true}}]}}")
                .getBytes(StandardCharsets.UTF_8);
        try (ApiClient old = d.client("1.41"); ApiClient current = d.client("1.44")) {
            ApiClient.Response r = old.postJson("/containers/create", body);
            assertThat(r.status()).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("bind source path does not exist: "
                    + missing);
            r = current.postJson("/containers/create", body);
            assertThat(r.status()).isEqualTo(201);
            String id = JSON.readTree(r.body()).get("Id").asText();
            assertThat(missing).as("created at start, not create").doesNotExist();
            ok("start", id);
            assertThat(ok("wait", id).outTrim()).isEqualTo("0");
            assertThat(missing).isDirectory();
            ok("rm", id);
        }
    }
}
