package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /system/df} on a daemon of its own holding two images that share their base layers (the docker 20.10
 * archive fixture/base:1 and fixture/child:1, child = base + one layer): layers are counted once, shared sizes are
 * the base's bytes, and answers restricted by {@code type} keep Docker's shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskUsageIT {

    TestDaemon d;
    long baseSize;
    long childSize;
    String childId;

    @BeforeAll
    void start() throws IOException {
        d = TestDaemon.inProcess();
        Proc.Result r = d.docker("load", "-i", Path.of("src/test/resources/image/docker20-save.tar").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode base = Json.MAPPER.readTree(d.dockerOk("image", "inspect", "fixture/base:1").out()).get(0);
        JsonNode child = Json.MAPPER.readTree(d.dockerOk("image", "inspect", "fixture/child:1").out()).get(0);
        baseSize = base.get("Size").asLong();
        childSize = child.get("Size").asLong();
        childId = child.get("Id").asText();
        assertThat(childSize).isGreaterThan(baseSize);
        assertThat(baseSize).isPositive();
        d.dockerOk("create", "--name", "user", "fixture/child:1", "true");
    }

    @AfterAll
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private JsonNode df(String query) throws IOException {
        try (ApiClient c = d.client()) {
            ApiClient.Response r = c.get("/v1.50/system/df" + query);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            return Json.MAPPER.readTree(r.body());
        }
    }

    private static JsonNode image(JsonNode df, String tag) {
        for (JsonNode i : df.get("Images")) {
            if (i.get("RepoTags").toString().contains("\"" + tag + "\"")) {
                return i;
            }
        }
        throw new AssertionError("no " + tag + " in " + df);
    }

    @Test
    void layersSize_sharedLayersCountedOnce() throws IOException {
        // The child stacks every base layer, so the unique layers are exactly the child's.
        assertThat(df("").get("LayersSize").asLong()).isEqualTo(childSize);
        assertThat(df("?type=image").get("LayersSize").asLong()).isEqualTo(childSize);
    }

    @Test
    void sharedSize_isTheBaseLayersBytes_listsOnlyWhenAsked() throws IOException {
        JsonNode df = df("");
        assertThat(image(df, "fixture/base:1").get("SharedSize").asLong()).isEqualTo(baseSize);
        assertThat(image(df, "fixture/child:1").get("SharedSize").asLong()).isEqualTo(baseSize);
        try (ApiClient c = d.client()) {
            assertThat(c.get("/v1.50/images/json").text()).contains("\"SharedSize\":-1")
                    .doesNotContain("\"SharedSize\":" + baseSize);
            assertThat(c.get("/v1.41/images/json?shared-size=1").text()).contains("\"SharedSize\":-1");
            JsonNode listed = Json.MAPPER.readTree(c.get("/v1.50/images/json?shared-size=1").body());
            assertThat(listed.size()).isEqualTo(2);
            for (JsonNode i : listed) {
                assertThat(i.get("SharedSize").asLong()).isEqualTo(baseSize);
                assertThat(i.get("Containers").asInt()).isEqualTo(-1);
            }
        }
    }

    @Test
    void cli_imageUsedByAContainer_isActiveAndNotAllReclaimable() {
        Proc.Result r = d.dockerOk("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Reclaimable}}");
        String images = r.lines().stream().filter(l -> l.startsWith("Images|")).findFirst().orElseThrow();
        // Used: the child's own layer (its size less the shared base); reclaimable: the rest, the base's bytes.
        assertThat(images).startsWith("Images|2|1|").doesNotContain("(100%)");
        // dockerd 20.10 with the same two images and container: "83B (78%)".
        assertThat(images).isEqualTo("Images|2|1|" + baseSize + "B (" + (baseSize * 100 / childSize) + "%)");
    }

    @Test
    void typeContainer_sizeRootFsHoldsTheImage_otherTypesNull() throws IOException {
        JsonNode df = df("?type=container");
        assertThat(df.get("LayersSize").asLong()).isZero();
        assertThat(df.get("Images").isNull()).isTrue();
        assertThat(df.get("Volumes").isNull()).isTrue();
        assertThat(df.get("BuildCache").isNull()).isTrue();
        assertThat(df.get("Containers").size()).isEqualTo(1);
        JsonNode c = df.get("Containers").get(0);
        // Never started, so nothing written: SizeRw is left out as Go's omitempty does.
        assertThat(c.has("SizeRw")).isFalse();
        assertThat(c.get("SizeRootFs").asLong()).isEqualTo(childSize);
        assertThat(df("").get("Containers").get(0).get("SizeRootFs")).isEqualTo(c.get("SizeRootFs"));
    }

    @Test
    void typeVolume_layersSizeZero_olderApisIgnoreType() throws IOException {
        try (ApiClient c = d.client()) {
            assertThat(c.get("/v1.50/system/df?type=volume").text())
                    .startsWith("{\"LayersSize\":0,\"Images\":null,\"Containers\":null,\"Volumes\":[")
                    .endsWith(",\"BuildCache\":null}\n");
            assertThat(c.get("/v1.50/system/df?type=build-cache").text()).isEqualTo(
                    "{\"LayersSize\":0,\"Images\":null,\"Containers\":null,\"Volumes\":null,\"BuildCache\":null}\n");
            assertThat(c.get("/v1.50/system/df?type=bogus").status()).isEqualTo(400);
            // Before API 1.42 "type" is neither honoured nor checked.
            for (String q : List.of("?type=volume", "?type=bogus")) {
                ApiClient.Response r = c.get("/v1.41/system/df" + q);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                JsonNode df = Json.MAPPER.readTree(r.body());
                assertThat(df.get("LayersSize").asLong()).isEqualTo(childSize);
                assertThat(df.get("Images").size()).isEqualTo(2);
                assertThat(df.get("Containers").size()).isEqualTo(1);
                assertThat(df.get("BuildCache").isNull()).isTrue();
            }
        }
    }
}
