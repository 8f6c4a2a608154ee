package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docker volume prune} against berthd: anonymous-only by default, {@code -a}, old API, filters. */
class VolumePruneIT {

    TestDaemon d;

    @BeforeEach
    void start() {
        d = TestDaemon.inProcess();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private String create(String... args) {
        List<String> a = new java.util.ArrayList<>(List.of("volume", "create"));
        a.addAll(List.of(args));
        Proc.Result r = d.docker(a.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.outTrim();
    }

    private List<String> names() {
        return d.docker("volume", "ls", "-q").lines();
    }

    @Test
    void prune_default_removesOnlyAnonymousAndReportsBytes() throws IOException {
        String anon = create();
        create("named1");
        Files.write(d.dataRoot().resolve("volumes/" + anon + "/_data/blob"), new byte[12345]);
        Files.createDirectories(d.dataRoot().resolve("volumes/" + anon + "/_data/sub"));
        Files.write(d.dataRoot().resolve("volumes/" + anon + "/_data/sub/b"), new byte[55]);
        Proc.Result r = d.docker("volume", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Deleted Volumes:\n" + anon + "\n");
        assertThat(r.out()).contains("Total reclaimed space: 12.4kB");
        assertThat(names()).containsExactly("named1");
    }

    @Test
    void prune_all_removesNamedToo() {
        create("named2");
        create();
        Proc.Result r = d.docker("volume", "prune", "-a", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(names()).isEmpty();
    }

    @Test
    void prune_oldApiVersion_removesEveryUnusedVolume() {
        create("named3");
        create();
        Proc.Result r = d.dockerWith(Map.of("DOCKER_API_VERSION", "1.41"), null, "volume", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(names()).isEmpty();
    }

    @Test
    void prune_labelFilters_selectAndExclude() {
        create("--label", "keep=yes", "l1");
        create("--label", "keep=no", "l2");
        create("--label", "keep=no", "--label", "x=1", "l3");
        Proc.Result r = d.docker("volume", "prune", "-a", "-f", "--filter", "label=keep=no", "--filter", "label!=x");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(names()).containsExactlyInAnyOrder("l1", "l3");
        r = d.docker("volume", "prune", "-a", "-f", "--filter", "label!=keep=yes");
        assertThat(names()).containsExactly("l1");
    }

    @Test
    void prune_neverRemovesVolumesWithOptionsOrReferences() {
        create("-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m", "withopts");
        create("referenced");
        d.daemon().volumes().acquire("referenced", "cafe0001");
        try {
            Proc.Result r = d.docker("volume", "prune", "-a", "-f");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(names()).containsExactlyInAnyOrder("withopts", "referenced");
        } finally {
            d.daemon().volumes().release("referenced", "cafe0001");
        }
    }

    @Test
    void prune_invalidFilters_rejected() throws IOException {
        Proc.Result r = d.docker("volume", "prune", "-f", "--filter", "dangling=true");
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: invalid filter 'dangling'");
        r = d.docker("volume", "prune", "-f", "--filter", "all=maybe");
        assertThat(r.err().strip()).isEqualTo(
                "Error response from daemon: invalid filter 'all': strconv.ParseBool: parsing \"maybe\": invalid syntax");
        r = d.docker("volume", "prune", "-a", "-f", "--filter", "all=1");
        assertThat(r.err().strip()).isEqualTo("conflicting options: cannot specify both --all and --filter all=1");
        try (var c = d.client("1.50")) {
            var resp = c.request("POST", "/volumes/prune?filters=" + dev.berth.cli.ApiClient.enc("{\"all\":[\"1\",\"0\"]}"),
                    null, null);
            assertThat(resp.status()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(resp.body());
            assertThat(body.get("message").asText()).isEqualTo("invalid filter 'all=[1 0]': only one value is expected");
        }
    }

    @Test
    void prune_manyVolumes_removesAllDirectories() throws IOException {
        for (int i = 0; i < 300; i++) {
            d.daemon().volumes().create(dev.berth.volume.CreateVolume.named(null));
        }
        Proc.Result r = d.docker("volume", "prune", "-f");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(names()).isEmpty();
        d.daemon().volumes();
        Path root = d.dataRoot().resolve("volumes");
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).isEmpty();
        }
    }
}
