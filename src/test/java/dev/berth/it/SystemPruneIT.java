package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker system prune} and the prune endpoints it calls in turn (containers, networks, volumes, images, build
 * cache), through the stock docker CLI and raw HTTP: what goes and what stays, the {@code until} filter of container
 * prune, Docker's errors for the network and build-cache prunes (which delete nothing in berth), and one
 * {@code prune} event per endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemPruneIT {

    TestDaemon d;

    @BeforeAll
    void start() throws IOException {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard().importInto(d, "bb");
    }

    @AfterAll
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private ApiClient.Response post(String path) throws IOException {
        try (ApiClient c = d.client()) {
            return c.request("POST", path, null, null);
        }
    }

    private String id(String container) {
        return d.dockerOk("inspect", "-f", "{{.Id}}", container).outTrim();
    }

    @Test
    void systemPrune_volumes_removesStoppedContainersTheirAnonymousVolumesAndDanglingImages() throws IOException {
        String dangling = BusyboxRootfs.standard().importInto(d, "bb:moving", "ENV GEN=1");
        BusyboxRootfs.standard().importInto(d, "bb:moving", "ENV GEN=2");
        d.dockerOk("run", "--name", "sp-stopped", "-v", "/anon", "bb", "sh", "-c", "echo data > /file; echo x > /anon/f");
        String stopped = id("sp-stopped");
        String anonymous = d.dockerOk("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "sp-stopped").outTrim();
        assertThat(anonymous).hasSize(64);
        d.dockerOk("run", "-d", "--name", "sp-running", "bb", "sleep", "300");
        d.dockerOk("volume", "create", "sp-named");
        try {
            Proc.Result r = d.docker("system", "prune", "-f", "--volumes");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString())
                    .contains("Deleted Containers:\n" + stopped + "\n")
                    .contains("Deleted Volumes:\n" + anonymous + "\n")
                    .contains("Deleted Images:\ndeleted: " + dangling + "\n")
                    .contains("Total reclaimed space: ");
            assertThat(d.dockerOk("ps", "-a", "--format", "{{.Names}}").lines()).contains("sp-running")
                    .doesNotContain("sp-stopped");
            // docker system prune --volumes removes anonymous volumes only (API >= 1.42).
            assertThat(d.dockerOk("volume", "ls", "-q").lines()).contains("sp-named").doesNotContain(anonymous);
            assertThat(d.docker("image", "inspect", dangling).exitCode()).isEqualTo(1);
            d.dockerOk("image", "inspect", "bb:moving");
        } finally {
            d.docker("rm", "-f", "sp-running");
            d.docker("volume", "rm", "sp-named");
        }
    }

    @Test
    void networkAndBuilderPrune_deleteNothingAndSucceed() {
        Proc.Result r = d.docker("network", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        r = d.docker("builder", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Total reclaimed space: 0B\n");
    }

    @Test
    void pruneAnswers_haveDockersShape() throws IOException {
        ApiClient.Response r = post("/v1.50/networks/prune");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"NetworksDeleted\":null}\n");
        r = post("/v1.50/build/prune?all=1&reserved-space=1000&max-used-space=2000&min-free-space=0"
                + "&filters=" + ApiClient.enc("{\"until\":[\"24h\"],\"type\":[\"regular\"],\"label\":[\"a\"]}"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"CachesDeleted\":null,\"SpaceReclaimed\":0}\n");
        r = post("/v1.41/networks/prune?filters=" + ApiClient.enc("{\"until\":[\"10m\"],\"label!\":[\"a=b\"]}"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    record Refused(String path, String message) {
    }

    @Test
    void pruneFilters_refusedWithDockersTexts() throws IOException {
        List<Refused> cases = List.of(
                new Refused("/v1.50/networks/prune?filters={\"foo\":[\"a\"]}", "invalid filter 'foo'"),
                new Refused("/v1.50/networks/prune?filters={\"until\":[\"bogus\"]}",
                        "failed to parse value as time or duration: \"bogus\""),
                new Refused("/v1.50/networks/prune?filters={\"until\":[\"1h\",\"2h\"]}",
                        "more than one until filter specified"),
                new Refused("/v1.50/containers/prune?filters={\"dangling\":[\"true\"]}", "invalid filter 'dangling'"),
                new Refused("/v1.50/containers/prune?filters={\"until\":[\"2006-13-01\"]}",
                        "parsing time \"2006-13-01\": month out of range"),
                new Refused("/v1.50/build/prune?filters={\"foo\":[\"a\"]}",
                        "failed to prune build cache: invalid filter 'foo'"),
                new Refused("/v1.50/build/prune?filters={\"mutable\":[\"true\"]}",
                        "failed to prune build cache: invalid filter 'mutable'"),
                new Refused("/v1.50/build/prune?filters={\"until\":[\"bogus\"]}",
                        "failed to prune build cache: \"until\" filter expects a duration (e.g., '24h') or a timestamp: "
                                + "failed to parse value as time or duration: \"bogus\""),
                new Refused("/v1.50/build/prune?filters={\"until\":[\"1h\"],\"unused-for\":[\"2h\"]}",
                        "failed to prune build cache: conflicting filters: \"until\" and \"unused-for\""),
                new Refused("/v1.50/build/prune?filters={\"type\":[\"regular\",\"source.local\"]}",
                        "failed to prune build cache: filters expect only one value"),
                new Refused("/v1.47/build/prune?keep-storage=abc",
                        "keep-storage is in bytes and expects an integer, got abc: strconv.Atoi: parsing \"abc\": "
                                + "invalid syntax"),
                new Refused("/v1.50/build/prune?reserved-space=1.5",
                        "reserved-space is in bytes and expects an integer, got 1.5: strconv.Atoi: parsing \"1.5\": "
                                + "invalid syntax"),
                new Refused("/v1.50/build/prune?min-free-space=99999999999999999999",
                        "min-free-space is in bytes and expects an integer, got 99999999999999999999: strconv.Atoi: "
                                + "parsing \"99999999999999999999\": value out of range"));
        for (Refused c : cases) {
            String path = c.path().replace("{", "%7B").replace("}", "%7D").replace("\"", "%22")
                    .replace("[", "%5B").replace("]", "%5D");
            ApiClient.Response r = post(path);
            assertThat(r.status()).as(c.path() + " " + r.text()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body()).get("message").asText()).as(c.path()).isEqualTo(c.message());
        }
        // Sizes that API version does not know are not read.
        assertThat(post("/v1.47/build/prune?reserved-space=abc").status()).isEqualTo(200);
    }

    @Test
    void containerPrune_untilLabelsAndSpaceReclaimed_oneEventPerPrune() throws IOException {
        long since = Instant.now().getEpochSecond();
        d.dockerOk("run", "--name", "cp-old", "--label", "prune=me", "bb", "dd", "if=/dev/zero", "of=/blob",
                "bs=1024", "count=200");
        d.dockerOk("run", "--name", "cp-other", "--label", "prune=other", "bb", "true");
        String old = id("cp-old");
        try {
            // created just now: an until an hour ago keeps it
            ApiClient.Response r = post("/v1.50/containers/prune?filters="
                    + ApiClient.enc("{\"label\":[\"prune=me\"],\"until\":[\"1h\"]}"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}\n");
            assertThat(d.docker("inspect", "cp-old").exitCode()).isZero();

            String future = Instant.now().plusSeconds(3600).toString();
            r = post("/v1.50/containers/prune?filters="
                    + ApiClient.enc("{\"label\":[\"prune=me\"],\"until\":[\"" + future + "\"]}"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode report = Json.MAPPER.readTree(r.body());
            assertThat(report.get("ContainersDeleted").toString()).isEqualTo("[\"" + old + "\"]");
            long reclaimed = report.get("SpaceReclaimed").asLong();
            assertThat(reclaimed).isGreaterThanOrEqualTo(200 * 1024);
            assertThat(d.docker("inspect", "cp-old").exitCode()).isEqualTo(1);
            assertThat(d.docker("inspect", "cp-other").exitCode()).isZero();

            post("/v1.50/networks/prune");
            post("/v1.50/images/prune");
            post("/v1.50/build/prune");
            List<String> prunes = new ArrayList<>();
            try (ApiClient c = d.client()) {
                ApiClient.Response events = c.get("/v1.50/events?since=" + since + "&until="
                        + (Instant.now().getEpochSecond() + 1) + "&filters=" + ApiClient.enc("{\"event\":[\"prune\"]}"));
                for (String line : events.text().split("\n")) {
                    JsonNode e = Json.MAPPER.readTree(line);
                    assertThat(e.has("id")).as(line).isFalse();
                    assertThat(e.get("Actor").get("ID").asText()).isEmpty();
                    prunes.add(e.get("Type").asText() + " " + e.get("Actor").get("Attributes").get("reclaimed").asText());
                }
            }
            assertThat(prunes).containsSubsequence("container 0", "container " + reclaimed, "network 0", "image 0",
                    "builder 0");
        } finally {
            d.docker("rm", "-f", "cp-old", "cp-other");
        }
    }
}
