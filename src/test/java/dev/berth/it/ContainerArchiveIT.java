package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive API ({@code docker cp}, {@code HEAD|GET|PUT /containers/{id}/archive}) through the stock docker CLI
 * and raw HTTP: copies in and out of created, running and exited containers, through volumes and bind mounts,
 * symlinks resolved inside the container and never on the host, Docker's stat header, errors and events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerArchiveIT {

    TestDaemon d;
    Path scratch;

    @BeforeAll
    void start() throws IOException {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard()
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n", 0644, 0, 0)
                .file("etc/group", "root:x:0:\napp:x:1000:\n", 0644, 0, 0)
                .file("etc/app.conf", "conf\n", 0640, 0, 0)
                .dir("srv", 0755, 0, 0)
                .dir("srv/data", 0755, 1000, 1000)
                .file("srv/data/one.txt", "one\n", 0644, 1000, 1000)
                .symlink("srvlink", "/srv")
                .importInto(d, "cpimg");
        scratch = Files.createTempDirectory(Path.of("/tmp"), "cp-it-");
    }

    @AfterAll
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
        if (scratch != null) {
            TestDaemon.deleteTree(scratch);
        }
    }

    private ApiClient.Response request(String method, String path, byte[] body) throws IOException {
        try (ApiClient c = d.client()) {
            return c.request(method, path, body == null ? null : "application/x-tar", body);
        }
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        return out;
    }

    private static String content(byte[] tar, String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in " + names(tar));
    }

    /** A tar of (name, type, content) entries: type f file, d dir, l symlink (content = target). */
    private static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 3) {
                String name = entries[i];
                String type = entries[i + 1];
                String data = entries[i + 2];
                TarArchiveEntry e;
                if (type.equals("l")) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(data);
                } else {
                    e = new TarArchiveEntry(name + (type.equals("d") ? "/" : ""));
                    e.setSize(type.equals("f") ? data.length() : 0);
                    e.setMode(type.equals("d") ? 040755 : 0100640);
                }
                e.setIds(1234, 4321);
                e.setModTime(java.util.Date.from(Instant.parse("2020-02-03T04:05:06Z")));
                out.putArchiveEntry(e);
                if (type.equals("f")) {
                    out.write(data.getBytes(StandardCharsets.UTF_8));
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static JsonNode statHeader(ApiClient.Response r) throws IOException {
        String header = r.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("X-Docker-Container-Path-Stat")).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no stat header in " + r.headers()));
        return Json.MAPPER.readTree(Base64.getDecoder().decode(header));
    }

    @Test
    void cli_copiesOutOfAndIntoACreatedContainer_throughItsVolume() throws IOException {
        d.dockerOk("create", "--name", "cp-created", "-v", "cpvol:/data", "cpimg", "cat", "/data/in.txt");
        try {
            Proc.Result r = d.docker("cp", "cp-created:/etc/app.conf", scratch.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.readString(scratch.resolve("app.conf"))).isEqualTo("conf\n");

            Files.writeString(scratch.resolve("in.txt"), "into the volume\n");
            r = d.docker("cp", scratch.resolve("in.txt").toString(), "cp-created:/data/");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // the volume has it, before the container ever ran
            assertThat(d.dockerOk("run", "--rm", "-v", "cpvol:/v", "cpimg", "cat", "/v/in.txt").out())
                    .isEqualTo("into the volume\n");
            assertThat(d.dockerOk("start", "-a", "cp-created").out()).isEqualTo("into the volume\n");
            // once it ran, its hostname file is the one it saw (a placeholder before)
            ApiClient.Response r2 = request("GET", "/v1.50/containers/cp-created/archive?path=/etc/hostname", null);
            String id = d.dockerOk("inspect", "-f", "{{.Id}}", "cp-created").outTrim();
            assertThat(content(r2.body(), "hostname")).isEqualTo(id.substring(0, 12) + "\n");

            // a directory comes out whole, its ownership kept
            r = d.docker("cp", "cp-created:/srv/data", scratch.resolve("srvdata").toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.readString(scratch.resolve("srvdata/one.txt"))).isEqualTo("one\n");
        } finally {
            d.docker("rm", "-f", "cp-created");
            d.docker("volume", "rm", "cpvol");
        }
    }

    @Test
    void cli_intoARunningContainer_itsProcessSeesTheFile() {
        d.dockerOk("run", "-d", "--name", "cp-running", "cpimg", "sh", "-c",
                "while [ ! -f /tmp/flag ]; do sleep 0.1; done; cat /tmp/flag");
        try {
            Proc.Result r = d.dockerWith(Map.of(), tarBytes("flag", "seen\n"), "cp", "-", "cp-running:/tmp");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(d.dockerOk("wait", "cp-running").outTrim()).isEqualTo("0");
            assertThat(d.dockerOk("logs", "cp-running").out()).isEqualTo("seen\n");
        } finally {
            d.docker("rm", "-f", "cp-running");
        }
    }

    private static byte[] tarBytes(String name, String content) {
        try {
            return tar(name, "f", content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cli_missingPathAndErrors_asDocker() {
        d.dockerOk("create", "--name", "cp-errors", "cpimg", "true");
        try {
            Proc.Result r = d.docker("cp", "cp-errors:/missing", scratch.resolve("x").toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("Could not find the file /missing in container cp-errors");
        } finally {
            d.docker("rm", "-f", "cp-errors");
        }
    }

    @Test
    void statHeader_fileDirSymlink_goFileModes() throws IOException {
        d.dockerOk("create", "--name", "cp-stat", "cpimg", "true");
        try {
            ApiClient.Response r = request("HEAD", "/v1.50/containers/cp-stat/archive?path=/etc/app.conf", null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode s = statHeader(r);
            assertThat(s.get("name").asText()).isEqualTo("app.conf");
            assertThat(s.get("size").asLong()).isEqualTo(5);
            assertThat(s.get("mode").asLong()).isEqualTo(0640);
            assertThat(s.get("linkTarget").asText()).isEmpty();
            assertThat(s.get("mtime").asText()).endsWith("Z");

            s = statHeader(request("HEAD", "/v1.50/containers/cp-stat/archive?path=/srv/", null));
            assertThat(s.get("name").asText()).isEqualTo("srv");
            assertThat(s.get("mode").asLong()).isEqualTo((1L << 31) | 0755);

            // the last component is not followed; its target is resolved inside the container
            s = statHeader(request("HEAD", "/v1.50/containers/cp-stat/archive?path=/bin/sh", null));
            assertThat(s.get("mode").asLong()).isEqualTo((1L << 27) | 0777);
            assertThat(s.get("linkTarget").asText()).isEqualTo("/bin/busybox");

            assertThat(request("HEAD", "/v1.50/containers/cp-stat/archive?path=/nope", null).status())
                    .isEqualTo(404);
            ApiClient.Response empty = request("GET", "/v1.50/containers/cp-stat/archive?path=", null);
            assertThat(empty.status()).isEqualTo(400);
            assertThat(empty.text()).contains("bad parameter: pathcannot be empty");
            assertThat(request("GET", "/v1.50/containers/nosuch/archive?path=/", null).status()).isEqualTo(404);
        } finally {
            d.docker("rm", "-f", "cp-stat");
        }
    }

    @Test
    void getArchive_namesRebasedOnTheRequestedPath() throws IOException {
        d.dockerOk("create", "--name", "cp-get", "cpimg", "true");
        try {
            ApiClient.Response r = request("GET", "/v1.50/containers/cp-get/archive?path=/srv", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(names(r.body())).containsExactly("srv/", "srv/data/", "srv/data/one.txt");
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(r.body()))) {
                assertThat(in.getNextEntry().getMode()).as("Go's header mode has the type bits").isEqualTo(040755);
                assertThat(in.getNextEntry().getMode()).isEqualTo(040755);
                assertThat(in.getNextEntry().getMode()).isEqualTo(0100644);
            }
            r = request("GET", "/v1.50/containers/cp-get/archive?path=/srv/.", null);
            assertThat(names(r.body())).containsExactly("./", "./data/", "./data/one.txt");
            r = request("GET", "/v1.50/containers/cp-get/archive?path=/bin/sh", null);
            assertThat(names(r.body())).containsExactly("sh -> busybox");
            // a symlink to a directory, asked for with a trailing slash: the directory, under the link's name
            r = request("GET", "/v1.50/containers/cp-get/archive?path=/srvlink/", null);
            assertThat(names(r.body())).containsExactly("srvlink/", "srvlink/data/", "srvlink/data/one.txt");
            // the root: absolute names
            r = request("GET", "/v1.50/containers/cp-get/archive?path=/", null);
            assertThat(names(r.body())).startsWith("/", "/.dockerenv", "/bin/").contains("/bin/busybox", "/srv/data/one.txt");
            assertThat(content(request("GET", "/v1.50/containers/cp-get/archive?path=etc/../etc/app.conf", null)
                    .body(), "app.conf")).isEqualTo("conf\n");
        } finally {
            d.docker("rm", "-f", "cp-get");
        }
    }

    @Test
    void putArchive_symlinksStayInsideTheContainer() throws IOException {
        d.dockerOk("create", "--name", "cp-evil", "cpimg", "true");
        try {
            // a symlink to / then a file through it: lands in the container's /etc, never the host's
            String marker = "berth-cp-" + System.nanoTime();
            ApiClient.Response r = request("PUT", "/v1.50/containers/cp-evil/archive?path=/",
                    tar("escape", "l", "/etc", "escape/" + marker, "f", "inside\n", "up", "l", "../../../../tmp"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(Files.exists(Path.of("/etc", marker))).isFalse();
            assertThat(content(request("GET", "/v1.50/containers/cp-evil/archive?path=/etc/" + marker, null).body(),
                    marker)).isEqualTo("inside\n");
            // into a symlink pointing out: resolved in the container
            r = request("PUT", "/v1.50/containers/cp-evil/archive?path=/up", tar(marker, "f", "x"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(Files.exists(Path.of("/tmp", marker))).isFalse();
            // owner, mode and time from the tar
            JsonNode s = statHeader(request("HEAD", "/v1.50/containers/cp-evil/archive?path=/tmp/" + marker, null));
            assertThat(s.get("mode").asLong()).isEqualTo(0640);
            assertThat(s.get("mtime").asText()).isEqualTo("2020-02-03T04:05:06Z");
            // an entry climbing out of the extraction directory is refused
            r = request("PUT", "/v1.50/containers/cp-evil/archive?path=/srv", tar("../x", "f", "x"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("\\\"../x\\\" is outside of \\\"/srv\\\"");
        } finally {
            d.docker("rm", "-f", "cp-evil");
        }
    }

    @Test
    void putArchive_bindReadOnlyAndOverwriteRules() throws IOException {
        Path bind = Files.createDirectories(scratch.resolve("bind"));
        Path boundFile = Files.writeString(scratch.resolve("bound.conf"), "bound file\n");
        d.dockerOk("volume", "create", "cp-ro");
        d.dockerOk("create", "--name", "cp-rules", "-v", bind + ":/bind", "-v", "cp-ro:/ro:ro",
                "-v", boundFile + ":/etc/bound.conf:ro", "cpimg", "true");
        d.dockerOk("create", "--name", "cp-rorootfs", "--read-only", "-v", "cp-ro:/vol", "cpimg", "true");
        try {
            ApiClient.Response r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/bind",
                    tar("sub", "d", "", "sub/f.txt", "f", "bound\n"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(Files.readString(bind.resolve("sub/f.txt"))).isEqualTo("bound\n");
            assertThat(Files.getAttribute(bind.resolve("sub/f.txt"), "unix:uid")).isEqualTo(1234);
            // a bound file reads through to its source
            assertThat(content(request("GET", "/v1.50/containers/cp-rules/archive?path=/etc/bound.conf", null).body(),
                    "bound.conf")).isEqualTo("bound file\n");

            r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/ro", tar("f", "f", "x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("mounted volume is marked read-only");
            r = request("PUT", "/v1.50/containers/cp-rorootfs/archive?path=/etc", tar("f", "f", "x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("container rootfs is marked read-only");
            r = request("PUT", "/v1.50/containers/cp-rorootfs/archive?path=/vol", tar("f", "f", "x"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);

            r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/etc/app.conf", tar("f", "f", "x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("extraction point is not a directory");
            r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/nope", tar("f", "f", "x"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).contains("Could not find the file /nope in container cp-rules");

            r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/&noOverwriteDirNonDir=true",
                    tar("srv", "f", "x"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("cannot overwrite directory \\\"/srv\\\" with non-directory \\\"/\\\"");
            // without the flag a file replaces a file, and a directory over a directory merges
            r = request("PUT", "/v1.50/containers/cp-rules/archive?path=/srv", tar("data", "d", "", "data/two", "f", "2"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(names(request("GET", "/v1.50/containers/cp-rules/archive?path=/srv/data", null).body()))
                    .containsExactly("data/", "data/one.txt", "data/two");
        } finally {
            d.docker("rm", "-f", "cp-rules", "cp-rorootfs");
            d.docker("volume", "rm", "cp-ro");
        }
    }

    /** A hard link entry: {@code name} links to {@code target}. */
    private static byte[] hardLinkTar(String name, String target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
            e.setLinkName(target);
            e.setMode(0104777);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void putArchive_neverCrossesMounts_neverRemovesMountPoints() throws IOException {
        Path ro = Files.createDirectories(scratch.resolve("ro-src"));
        Path secret = Files.writeString(ro.resolve("secret"), "keep\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        d.dockerOk("run", "-d", "--name", "cp-mounts", "-v", ro + ":/hostro:ro", "-v", "cp-rw:/v",
                "-v", "cp-deep:/a/b/c", "cpimg", "sleep", "300");
        try {
            // a hard link from a writable volume to a file of a read-only bind: EXDEV, as the kernel says
            ApiClient.Response r = request("PUT", "/v1.50/containers/cp-mounts/archive?path=/",
                    hardLinkTar("v/x", "hostro/secret"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("link /hostro/secret /v/x: invalid cross-device link");
            assertThat(java.nio.file.Files.getPosixFilePermissions(secret))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

            // a file over a directory that holds a mount point: EBUSY, and the volume stays mounted
            r = request("PUT", "/v1.50/containers/cp-mounts/archive?path=/", tar("a", "f", "now a file"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("unlinkat /a: device or resource busy");
            r = request("PUT", "/v1.50/containers/cp-mounts/archive?path=/a/b/c", tar("f", "f", "in deep\n"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(d.dockerOk("run", "--rm", "-v", "cp-deep:/x", "cpimg", "cat", "/x/f").out()).isEqualTo("in deep\n");

            // a directory entry for a volume's root sets the root's owner, as it would on the mount
            r = request("PUT", "/v1.50/containers/cp-mounts/archive?path=/", tar("v", "d", ""));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            byte[] out = request("GET", "/v1.50/containers/cp-mounts/archive?path=/v", null).body();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out))) {
                TarArchiveEntry e = in.getNextEntry();
                assertThat(e.getName()).isEqualTo("v/");
                assertThat(e.getLongUserId()).isEqualTo(1234);
                assertThat(e.getModTime().toInstant()).isEqualTo(Instant.parse("2020-02-03T04:05:06Z"));
            }

            // the directory times set last go through a symlink that replaced the directory: never into a
            // read-only mount
            long before = Files.getLastModifiedTime(ro).toMillis();
            r = request("PUT", "/v1.50/containers/cp-mounts/archive?path=/",
                    tar("x", "d", "", "x/d", "d", "", "x", "l", "/hostro"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("read-only file system");
            assertThat(Files.getLastModifiedTime(ro).toMillis()).isEqualTo(before);
        } finally {
            d.docker("rm", "-f", "cp-mounts");
            d.docker("volume", "rm", "cp-rw", "cp-deep");
        }
    }

    @Test
    void copyUidGid_takesTheContainersUser_andEventsArePublished() throws IOException {
        long since = Instant.now().getEpochSecond();
        d.dockerOk("create", "--name", "cp-owner", "--user", "app", "-v", "cp-evvol:/data", "cpimg", "true");
        try {
            ApiClient.Response r = request("PUT", "/v1.50/containers/cp-owner/archive?path=/tmp&copyUIDGID=true",
                    tar("owned", "f", "x"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            byte[] out = request("GET", "/v1.50/containers/cp-owner/archive?path=/tmp/owned", null).body();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out))) {
                TarArchiveEntry e = in.getNextEntry();
                assertThat(e.getLongUserId()).isEqualTo(1000);
                assertThat(e.getLongGroupId()).isEqualTo(1000);
            }
            String id = d.dockerOk("inspect", "-f", "{{.Id}}", "cp-owner").outTrim();
            try (ApiClient c = d.client()) {
                String events = c.get("/v1.50/events?since=" + since + "&until=" + (Instant.now().getEpochSecond() + 1)
                        + "&filters=" + ApiClient.enc("{\"type\":[\"container\"]}")).text();
                assertThat(events).contains("\"Action\":\"extract-to-dir\",\"Actor\":{\"ID\":\"" + id + "\"")
                        .contains("\"Action\":\"archive-path\",\"Actor\":{\"ID\":\"" + id + "\"");
                // as Docker, each copy mounts the container's volumes for its view and unmounts them after
                List<String> volumeEvents = new ArrayList<>();
                for (String line : c.get("/v1.50/events?since=" + since + "&until=" + (Instant.now().getEpochSecond() + 1)
                        + "&filters=" + ApiClient.enc("{\"type\":[\"volume\"],\"volume\":[\"cp-evvol\"]}")).text()
                        .split("\n")) {
                    JsonNode e = Json.MAPPER.readTree(line);
                    volumeEvents.add(e.get("Action").asText() + " " + e.get("Actor").get("Attributes").path("container")
                            .asText().equals(id));
                }
                assertThat(volumeEvents).containsSubsequence("mount true", "unmount true", "mount true", "unmount true");
            }
        } finally {
            d.docker("rm", "-f", "cp-owner");
            d.docker("volume", "rm", "cp-evvol");
        }
    }
}
