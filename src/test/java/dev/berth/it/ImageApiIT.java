package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image API driven by the stock docker CLI (import, images, inspect, tag, save | load across two daemons, rmi,
 * prune, history, pull and run of a missing image, a classic docker-archive) and by raw HTTP (chunked uploads with
 * docker-java's content type, progress streams, errors, API-version differences). Needs /bin/busybox
 * (busybox-static).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageApiIT {

    private static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "true", "env");
    private static final String NOT_YET = ": pulling from registries is not supported yet; add the image with"
            + " docker load or docker import";

    TestDaemon d;
    TestDaemon d2;
    Path dir;
    Path rootfs;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "image-it-");
        rootfs = busyboxTar("rootfs.tar", Map.of());
        d = TestDaemon.inProcess();
        d2 = TestDaemon.inProcess();
    }

    @AfterAll
    void stop() {
        if (d != null) {
            d.close();
        }
        if (d2 != null) {
            d2.close();
        }
        TestDaemon.deleteTree(dir);
    }

    /** A root filesystem with busybox, its applet links, and {@code extra} files (path → content). */
    private Path busyboxTar(String name, Map<String, String> extra) throws IOException {
        Path tar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry bin = new TarArchiveEntry("bin/");
            bin.setMode(040755);
            t.putArchiveEntry(bin);
            t.closeArchiveEntry();
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            TarArchiveEntry bb = new TarArchiveEntry("bin/busybox");
            bb.setMode(0100755);
            bb.setSize(busybox.length);
            t.putArchiveEntry(bb);
            t.write(busybox);
            t.closeArchiveEntry();
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setMode(0120777);
                t.putArchiveEntry(link);
                t.closeArchiveEntry();
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry f = new TarArchiveEntry(e.getKey());
                f.setMode(0100644);
                f.setSize(content.length);
                t.putArchiveEntry(f);
                t.write(content);
                t.closeArchiveEntry();
            }
        }
        return tar;
    }

    /** {@code docker import [--change c]... tar [ref]}; returns the image ID it printed. */
    private String dockerImport(TestDaemon on, Path tar, String ref, String... changes) {
        List<String> args = new ArrayList<>(List.of("import"));
        for (String c : changes) {
            args.add("--change");
            args.add(c);
        }
        args.add(tar.toString());
        if (ref != null) {
            args.add(ref);
        }
        Proc.Result r = on.docker(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("sha256:[0-9a-f]{64}\n");
        return r.outTrim();
    }

    private static JsonNode inspect(TestDaemon on, String ref) throws IOException {
        Proc.Result r = on.docker("image", "inspect", ref);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode all = Json.MAPPER.readTree(r.out());
        assertThat(all.size()).isEqualTo(1);
        return all.get(0);
    }

    private static String shortId(String id) {
        return id.substring("sha256:".length(), "sha256:".length() + 12);
    }

    private Proc.Result shell(String command) {
        return Proc.run(Map.of("DOCKER_CONFIG", dir.resolve("docker-config").toString()), null, 120,
                List.of("sh", "-c", command));
    }

    private static String message(ApiClient.Response r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("message").asText();
    }

    @Test
    void import_withChanges_imagesAndInspectShowIt() throws IOException {
        String id = dockerImport(d, rootfs, "bb:1", "CMD [\"sh\"]", "ENV A=1");

        Proc.Result images = d.docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        assertThat(images.lines()).contains("bb:1 " + shortId(id));

        JsonNode i = inspect(d, "bb:1");
        assertThat(i.get("Id").asText()).isEqualTo(id);
        assertThat(i.get("RepoTags").toString()).isEqualTo("[\"bb:1\"]");
        assertThat(i.get("RepoDigests").toString()).isEqualTo("[]");
        assertThat(i.get("Comment").asText()).isEqualTo("Imported from -");
        assertThat(i.get("Os").asText()).isEqualTo("linux");
        assertThat(i.get("Architecture").asText()).isNotEmpty();
        assertThat(i.get("Size").asLong()).isGreaterThan(Files.size(Path.of("/bin/busybox")) - 1);
        assertThat(i.get("Config").toString()).isEqualTo("{\"Cmd\":[\"sh\"],\"Entrypoint\":null,\"Env\":[\"A=1\"],"
                + "\"Labels\":null,\"OnBuild\":null,\"User\":\"\",\"Volumes\":null,\"WorkingDir\":\"\"}");
        assertThat(i.get("RootFS").get("Type").asText()).isEqualTo("layers");
        assertThat(i.get("RootFS").get("Layers").size()).isEqualTo(1);
        assertThat(i.get("Metadata").get("LastTagTime").asText()).doesNotStartWith("0001-");
        assertThat(i.get("GraphDriver").get("Data").get("UpperDir").asText()).startsWith(d.dataRoot().toString());
        List<String> keys = new ArrayList<>();
        i.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created",
                "DockerVersion", "Author", "Architecture", "Os", "Size", "GraphDriver", "RootFS", "Metadata", "Config");

        assertThat(d.docker("image", "inspect", "-f", "{{json .Config.Cmd}} {{.Comment}}", "bb:1").outTrim())
                .isEqualTo("[\"sh\"] Imported from -");
        Proc.Result history = d.docker("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Comment}}",
                "bb:1");
        assertThat(history.lines()).containsExactly(id + "||Imported from -");
    }

    /** Image events as dockerd 20.10 publishes them (measured): actor = image ID, attributes = labels + name. */
    @Test
    void imageEvents_importTagSaveUntagLoadDelete_asDockerd() throws IOException {
        long since = java.time.Instant.now().getEpochSecond() - 1;
        String id = dockerImport(d, rootfs, "ev:1", "LABEL a=b");
        d.dockerOk("tag", "ev:1", "ev:2");
        Path saved = Files.createTempFile(Path.of("/tmp"), "ev-", ".tar");
        try {
            d.dockerOk("save", "-o", saved.toString(), "ev:1");
            d.dockerOk("rmi", "ev:2");
            d.dockerOk("load", "-i", saved.toString());
        } finally {
            Files.deleteIfExists(saved);
        }
        d.dockerOk("rmi", "ev:1");

        List<String> seen = new ArrayList<>();
        try (ApiClient c = d.client()) {
            ApiClient.Response events = c.get("/v1.50/events?since=" + since + "&until="
                    + (java.time.Instant.now().getEpochSecond() + 1) + "&filters="
                    + ApiClient.enc("{\"type\":[\"image\"],\"image\":[\"" + id + "\"]}"));
            for (String line : events.text().split("\n")) {
                JsonNode e = Json.MAPPER.readTree(line);
                assertThat(e.get("Actor").get("ID").asText()).isEqualTo(id);
                assertThat(e.get("Actor").get("Attributes").get("a").asText()).isEqualTo("b");
                seen.add(e.get("Action").asText() + " " + e.get("Actor").get("Attributes").get("name").asText());
            }
        }
        assertThat(seen).containsExactly("tag ev:1", "import " + id, "tag ev:2", "save " + id, "untag " + id,
                "load " + id, "untag " + id, "delete " + id);
    }

    @Test
    void tag_registryRepository_listedUnderBothNames() throws IOException {
        String id = dockerImport(d, rootfs, "tg:1");
        Proc.Result r = d.docker("tag", "tg:1", "reg.example:5000/team/bb:2");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(d.docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").lines())
                .contains("tg:1 " + shortId(id), "reg.example:5000/team/bb:2 " + shortId(id));
        // Docker sorts an image's references by their full names (docker.io/library/tg:1 first).
        assertThat(inspect(d, "reg.example:5000/team/bb:2").get("RepoTags").toString())
                .isEqualTo("[\"tg:1\",\"reg.example:5000/team/bb:2\"]");

        r = d.docker("tag", "nosuch:1", "x:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: No such image: nosuch:1\n");
        r = d.docker("tag", "tg:1", "Upper:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("invalid reference format: repository name (library/Upper) must be lowercase");
    }

    @Test
    void saveLoad_pipedIntoSecondDaemon_sameImage() throws IOException {
        String id = dockerImport(d, rootfs, "sv:1", "ENTRYPOINT [\"/bin/sh\", \"-c\"]", "WORKDIR /tmp");
        Proc.Result r = shell("docker -H " + d.host() + " save sv:1 | docker -H " + d2.host() + " load");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Loaded image: sv:1\n");
        JsonNode loaded = inspect(d2, "sv:1");
        assertThat(loaded.get("Id").asText()).isEqualTo(id);
        assertThat(loaded.get("Config").toString()).isEqualTo(inspect(d, "sv:1").get("Config").toString());
        assertThat(loaded.get("Config").get("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");

        Path file = dir.resolve("sv.tar");
        assertThat(d.docker("save", "-o", file.toString(), "sv:1").exitCode()).isZero();
        r = d2.docker("load", "-i", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Loaded image: sv:1\n");

        r = d.docker("save", "-o", dir.resolve("none.tar").toString(), "nosuch:9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: No such image: nosuch:9\n");
    }

    @Test
    void rmi_tagsAndIds_followDockerConflictRules() {
        String id = dockerImport(d, rootfs, "rm:1");
        assertThat(d.docker("tag", "rm:1", "rm:2").exitCode()).isZero();

        Proc.Result r = d.docker("rmi", "rm:2");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Untagged: rm:2\n");
        assertThat(d.docker("image", "inspect", "rm:1").exitCode()).isZero();

        assertThat(d.docker("tag", "rm:1", "rm:3").exitCode()).isZero();
        r = d.docker("rmi", shortId(id));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: conflict: unable to delete " + shortId(id)
                + " (must be forced) - image is referenced in multiple repositories\n");

        r = d.docker("rmi", "-f", shortId(id));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.lines()).contains("Untagged: rm:1", "Untagged: rm:3", "Deleted: " + id);
        r = d.docker("image", "inspect", "rm:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("No such image: rm:1");

        r = d.docker("rmi", "nosuch");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
    }

    @Test
    void prune_danglingImage_removedTaggedKept() throws IOException {
        String kept = dockerImport(d, rootfs, "keep:1");
        String dangling = dockerImport(d, busyboxTar("dangling.tar", Map.of("etc/d", UUID.randomUUID().toString())),
                null);
        Proc.Result r = d.docker("image", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Deleted Images:\n").contains("deleted: " + dangling + "\n")
                .contains("Total reclaimed space: ");
        assertThat(r.out()).doesNotContain("Total reclaimed space: 0B");
        assertThat(d.docker("image", "inspect", dangling).exitCode()).isEqualTo(1);
        assertThat(d.docker("image", "inspect", kept).exitCode()).isZero();

        r = d.docker("image", "prune", "-f");
        assertThat(r.out()).isEqualTo("Total reclaimed space: 0B\n");
    }

    @Test
    void pullAndRun_missingImage_berthSaysItCannotPull() {
        Proc.Result r = d.docker("pull", "nosuchimage");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Using default tag: latest\n");
        assertThat(r.err()).isEqualTo("Error response from daemon: berth cannot pull nosuchimage:latest" + NOT_YET
                + "\n");

        r = d.docker("run", "--rm", "nosuchimage");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).startsWith("Unable to find image 'nosuchimage:latest' locally\n")
                .contains("docker: Error response from daemon: berth cannot pull nosuchimage:latest" + NOT_YET);
    }

    @Test
    void load_docker20Archive_tagsConfigsAndHistory() throws IOException {
        Proc.Result r = d2.docker("load", "-i", Path.of("src/test/resources/image/docker20-save.tar").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Loaded image: fixture/base:1\nLoaded image: fixture/child:1\n");
        assertThat(d2.docker("images", "--filter", "reference=fixture/*", "--format", "{{.Repository}}:{{.Tag}}")
                .lines()).containsExactlyInAnyOrder("fixture/base:1", "fixture/child:1");
        JsonNode base = inspect(d2, "fixture/base:1");
        assertThat(base.get("DockerVersion").asText()).startsWith("20.10");
        assertThat(base.get("Config").get("Labels").toString()).isEqualTo("{\"org.example.fixture\":\"base\"}");
        JsonNode child = inspect(d2, "fixture/child:1");
        assertThat(child.get("RootFS").get("Layers").size()).isEqualTo(base.get("RootFS").get("Layers").size() + 1);
        assertThat(child.get("GraphDriver").get("Data").has("LowerDir")).isTrue();
        assertThat(d2.docker("history", "-q", "fixture/child:1").lines()).hasSize(1);
    }

    @Test
    void loadRaw_notQuiet_streamsBarsThenLoadedLine() throws IOException {
        dockerImport(d, busyboxTar("ld.tar", Map.of("etc/ld", UUID.randomUUID().toString())), "ld:1");
        try (ApiClient c = d.client(); ApiClient c2 = d2.client()) {
            ApiClient.Response saved = c.get("/v1.50/images/ld:1/get");
            assertThat(saved.status()).isEqualTo(200);
            assertThat(saved.headers()).containsEntry("content-type", "application/x-tar");

            ApiClient.Response r = c2.request("POST", "/v1.50/images/load?quiet=0", "APPLICATION_X_TAR",
                    saved.body());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("transfer-encoding", "chunked");
            String body = r.text();
            assertThat(body).endsWith("{\"stream\":\"Loaded image: ld:1\\n\"}\r\n");
            String[] lines = body.split("\r\n");
            assertThat(lines[0]).matches("\\{\"status\":\"Loading layer\",\"progressDetail\":\\{\"current\":\\d+,"
                    + "\"total\":\\d+},\"progress\":\"\\[=*(\\\\u003e) *] +[0-9.]+[kM]?B/[0-9.]+MB\",\"id\":\"[0-9a-f]{12}\"}");
            assertThat(lines[lines.length - 2]).contains("\\u003e]");
        }
    }

    @Test
    void importRaw_chunkedDockerJavaContentType_streamsIdStatus() throws IOException {
        byte[] tar = Files.readAllBytes(rootfs);
        StringBuilder req = new StringBuilder("POST /v1.44/images/create?fromSrc=-&repo=raw&tag=1&message=from%20raw"
                + "&changes=USER%20nobody HTTP/1.1\r\nHost: x\r\nContent-Type: APPLICATION_X_TAR\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (int off = 0; off < tar.length; off += 65536) {
            int n = Math.min(65536, tar.length - off);
            req.append(Integer.toHexString(n)).append("\r\n")
                    .append(new String(tar, off, n, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        req.append("0\r\n\r\n");
        String resp = RawHttp.exchange(d.socket(), req.toString());
        assertThat(resp).startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: application/json\r\n");
        assertThat(resp).containsPattern("\r\n\\{\"status\":\"sha256:[0-9a-f]{64}\"}\r\n");
        JsonNode i = inspect(d, "raw:1");
        assertThat(i.get("Comment").asText()).isEqualTo("from raw");
        assertThat(i.get("Config").get("User").asText()).isEqualTo("nobody");
    }

    @Test
    void errors_statusesAndDockerTexts() throws IOException {
        try (ApiClient c = d.client()) {
            ApiClient.Response r = c.get("/v1.50/images/nosuch/json");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).isEqualTo("{\"message\":\"No such image: nosuch:latest\"}\n");
            r = c.get("/images/nosuch/whatever");
            assertThat(r.status()).isEqualTo(404);
            assertThat(message(r)).isEqualTo("page not found");
            r = c.get("/images/get?names=nosuch");
            assertThat(r.status()).isEqualTo(404);
            assertThat(message(r)).isEqualTo("No such image: nosuch:latest");
            r = c.request("POST", "/images/load", "application/x-tar", "not a tar".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers()).containsEntry("content-type", "application/json");
            r = c.request("POST", "/images/create", null, null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(message(r)).isEqualTo("either fromImage or fromSrc=- is required");
            r = c.request("POST", "/images/create?fromImage=scratch", null, null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(message(r)).isEqualTo("'scratch' is a reserved name");
            r = c.request("POST", "/images/create?fromImage=busybox&tag=latest", null, null);
            assertThat(r.status()).isEqualTo(503);
            assertThat(message(r)).isEqualTo("berth cannot pull busybox:latest" + NOT_YET);
            r = c.delete("/images/");
            assertThat(r.status()).isEqualTo(400);
            assertThat(message(r)).isEqualTo("image name cannot be blank");
            r = c.request("POST", "/images/nosuch/tag?repo=x&tag=1", null, null);
            assertThat(r.status()).isEqualTo(404);
            assertThat(message(r)).isEqualTo("No such image: nosuch:latest");
            r = c.get("/images/json?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D");
            assertThat(r.status()).isEqualTo(400);
            assertThat(message(r)).isEqualTo("invalid filter 'bogus'");
        }
    }

    @Test
    void listReferenceFilter_goPathMatch_badPatternIs500() throws IOException {
        String longName = "a".repeat(60);
        dockerImport(d, rootfs, "globs:1");
        assertThat(d.docker("tag", "globs:1", longName + ":1").exitCode()).isZero();

        assertThat(d.docker("images", "--filter", "reference=glob[^x]:1", "--format", "{{.Repository}}:{{.Tag}}")
                .lines()).containsExactly("globs:1");
        assertThat(d.docker("images", "--filter", "reference=glob[!x]:1", "-q").out()).isEmpty();
        assertThat(d.docker("images", "--filter", "reference=*a*a*a*a*a*a*a*1", "--format", "{{.Repository}}")
                .lines()).containsExactly(longName);
        Proc.Result r = d.docker("images", "--filter", "reference=[");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: syntax error in pattern\n");

        try (ApiClient c = d.client()) {
            // {"reference":{"*a*a*a*a*a*a*a*b":true}}: a near miss for the 60-a name, answered at once
            ApiClient.Response list = c.get("/v1.50/images/json?filters=%7B%22reference%22%3A%7B%22"
                    + "*a*a*a*a*a*a*a*b%22%3Atrue%7D%7D");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.text()).doesNotContain(longName);
            // {"reference":["[a-"]}
            ApiClient.Response bad = c.get("/v1.50/images/json?filters=%7B%22reference%22%3A%5B%22%5Ba-%22%5D%7D");
            assertThat(bad.status()).isEqualTo(500);
            assertThat(bad.text()).isEqualTo("{\"message\":\"syntax error in pattern\"}\n");
        }
    }

    @Test
    void versions_olderApis_seeTheirFields() throws IOException {
        String id = dockerImport(d, busyboxTar("old.tar", Map.of("etc/old", UUID.randomUUID().toString())), null);
        String hex = id.substring("sha256:".length());
        try (ApiClient c = d.client()) {
            String at150 = c.get("/v1.50/images/json?all=1").text();
            assertThat(at150).startsWith("[{\"Containers\":-1,\"Created\":").doesNotContain("VirtualSize")
                    .doesNotContain("<none>");
            assertThat(c.get("/v1.43/images/json").text()).contains("\"VirtualSize\":").doesNotContain("<none>");
            assertThat(c.get("/v1.42/images/json").text()).contains("\"Id\":\"" + id + "\",\"Labels\":null,"
                    + "\"ParentId\":\"\",\"RepoDigests\":[\"<none>@<none>\"],\"RepoTags\":[\"<none>:<none>\"]");

            String inspect150 = c.get("/v1.50/images/" + hex + "/json").text();
            assertThat(inspect150).doesNotContain("ContainerConfig").doesNotContain("VirtualSize")
                    .doesNotContain("Hostname");
            String inspect144 = c.get("/v1.44/images/" + hex + "/json").text();
            assertThat(inspect144).contains("\"ContainerConfig\":{\"Hostname\":\"\"").contains("\"Hostname\":\"\"")
                    .doesNotContain("VirtualSize");
            assertThat(c.get("/v1.43/images/" + hex + "/json").text()).contains("\"VirtualSize\":");
            assertThat(c.get("/images/" + id + "/history").text()).startsWith("[{\"Comment\":\"Imported from -\",")
                    .endsWith(",\"Tags\":null}]\n");
        }
    }
}
