package dev.berth.api.wire;

import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageDeleteItem;
import dev.berth.image.ImagePruneResult;
import dev.berth.mount.ApiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Byte-for-byte Docker 28 shapes: ImageSummary, ImageInspect (with its compat Config), delete, prune, history. */
class ImageWireTest {

    private static final String ID = "sha256:" + "a".repeat(64);
    private static final String DIFF = "sha256:" + "b".repeat(64);
    private static final Instant CREATED = Instant.parse("2026-11-26T16:40:41.70711696Z");
    private static final ImageConfig SH = new ImageConfig("", null, List.of("A=1"), List.of("sh"), null, false, null,
            "", null, null, null, "", null, null);
    private static final ImageWire.GraphDriver DRIVER =
            new ImageWire.GraphDriver("overlayfs", Map.of("UpperDir", "/r/l/b/diff", "LowerDir", "/r/l/c/diff"));
    private static final String DRIVER_JSON =
            "\"GraphDriver\":{\"Data\":{\"LowerDir\":\"/r/l/c/diff\",\"UpperDir\":\"/r/l/b/diff\"},\"Name\":\"overlayfs\"}";

    private static Image image(List<String> tags, Instant created, ImageConfig config, Instant lastTag) {
        return new Image(ID, tags, List.of(), null, "Imported from -", created, "", "", "amd64", "", "linux", "",
                1982291, config, List.of(DIFF), lastTag);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ApiVersion v(String s) {
        return ApiVersion.parse(s);
    }

    record Case(String name, ApiVersion version, Image image, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> inspects() {
        String head = "{\"Id\":\"" + ID + "\",\"RepoTags\":[\"bb:1\"],\"RepoDigests\":[],\"Parent\":\"\","
                + "\"Comment\":\"Imported from -\",";
        String created = "\"Created\":\"2026-11-26T16:40:41.70711696Z\",";
        String middle = "\"DockerVersion\":\"\",\"Author\":\"\",\"Architecture\":\"amd64\",\"Os\":\"linux\","
                + "\"Size\":1982291,";
        String tail = DRIVER_JSON + ",\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"" + DIFF + "\"]},"
                + "\"Metadata\":{\"LastTagTime\":\"0001-01-01T00:00:00Z\"},";
        String containerConfig = "\"ContainerConfig\":{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\","
                + "\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,"
                + "\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":null,\"Cmd\":null,\"Image\":\"\",\"Volumes\":null,"
                + "\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,\"Labels\":null},";
        String config150 = "\"Config\":{\"Cmd\":[\"sh\"],\"Entrypoint\":null,\"Env\":[\"A=1\"],\"Labels\":null,"
                + "\"OnBuild\":null,\"User\":\"\",\"Volumes\":null,\"WorkingDir\":\"\"}}";
        String config149 = "\"Config\":{\"AttachStderr\":false,\"AttachStdin\":false,\"AttachStdout\":false,"
                + "\"Cmd\":[\"sh\"],\"Domainname\":\"\",\"Entrypoint\":null,\"Env\":[\"A=1\"],\"Hostname\":\"\","
                + "\"Image\":\"\",\"Labels\":null,\"OnBuild\":null,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"Tty\":false,\"User\":\"\",\"Volumes\":null,\"WorkingDir\":\"\"}}";
        return Stream.of(
                new Case("1.50: Config last, keys sorted, backfilled", v("1.50"), image(List.of("bb:1"), CREATED, SH,
                        null), head + created + middle + tail + config150),
                new Case("1.49: larger backfill", v("1.49"), image(List.of("bb:1"), CREATED, SH, null),
                        head + created + middle + tail + config149),
                new Case("1.44: ContainerConfig", v("1.44"), image(List.of("bb:1"), CREATED, SH, null),
                        head + created + containerConfig + middle + tail + config149),
                new Case("1.43: VirtualSize, zero Created", v("1.43"), image(List.of("bb:1"), null, SH, null),
                        head + "\"Created\":\"0001-01-01T00:00:00Z\"," + containerConfig
                                + middle + "\"VirtualSize\":1982291," + tail + config149),
                new Case("1.50 without Created omits it", v("1.50"), image(List.of("bb:1"), null, SH, null),
                        head + middle + tail + config150));
    }

    @ParameterizedTest
    @MethodSource("inspects")
    void inspect_version_isDockerShape(Case c) {
        assertThat(str(ImageWire.inspect(c.image(), DRIVER, c.version()))).isEqualTo(c.json());
    }

    /** The two cases of moby's own inspect_response_test, through berth's writer. */
    @Test
    void inspect_mobyCompatCases_sameConfigBytes() {
        ImageConfig c = new ImageConfig("", null, null, List.of("/bin/sh"), null, false, null, "", null, null, null,
                "SIGQUIT", null, null);
        String at150 = str(ImageWire.inspect(image(List.of(), CREATED, c, null), DRIVER, v("1.50")));
        String at149 = str(ImageWire.inspect(image(List.of(), CREATED, c, null), DRIVER, v("1.49")));
        assertThat(at150).endsWith("\"Config\":{\"Cmd\":[\"/bin/sh\"],\"Entrypoint\":null,\"Env\":null,"
                + "\"Labels\":null,\"OnBuild\":null,\"StopSignal\":\"SIGQUIT\",\"User\":\"\",\"Volumes\":null,"
                + "\"WorkingDir\":\"\"}}");
        assertThat(at149).endsWith("\"Config\":{\"AttachStderr\":false,\"AttachStdin\":false,\"AttachStdout\":false,"
                + "\"Cmd\":[\"/bin/sh\"],\"Domainname\":\"\",\"Entrypoint\":null,\"Env\":null,\"Hostname\":\"\","
                + "\"Image\":\"\",\"Labels\":null,\"OnBuild\":null,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"StopSignal\":\"SIGQUIT\",\"Tty\":false,\"User\":\"\",\"Volumes\":null,\"WorkingDir\":\"\"}}");
        assertThat(at150).contains("\"RepoTags\":[],");
    }

    @Test
    void inspect_everyConfigField_sortedOmittedWhenEmptyAndHtmlEscaped() {
        TreeMap<String, String> labels = new TreeMap<>(Map.of("b", "2", "a", "x<y"));
        ImageConfig c = new ImageConfig("app", new TreeSet<>(List.of("80/tcp", "53/udp")), List.of("A=1"),
                List.of("run", "a && b"), new ImageConfig.Healthcheck(List.of("CMD-SHELL", "curl -f x || exit 1"),
                30_000_000_000L, 0, 0, 0, 3), true, new TreeSet<>(List.of("/data")), "/w", List.of("/entry"),
                List.of("RUN x"), labels, "SIGTERM", 10, List.of("/bin/bash", "-c"));
        String json = str(ImageWire.inspect(image(List.of(), CREATED, c, null), DRIVER, v("1.50")));
        assertThat(json).endsWith("\"Config\":{\"ArgsEscaped\":true,\"Cmd\":[\"run\",\"a \\u0026\\u0026 b\"],"
                + "\"Entrypoint\":[\"/entry\"],\"Env\":[\"A=1\"],\"ExposedPorts\":{\"53/udp\":{},\"80/tcp\":{}},"
                + "\"Healthcheck\":{\"Interval\":30000000000,\"Retries\":3,\"Test\":[\"CMD-SHELL\","
                + "\"curl -f x || exit 1\"]},\"Labels\":{\"a\":\"x\\u003cy\",\"b\":\"2\"},\"OnBuild\":[\"RUN x\"],"
                + "\"Shell\":[\"/bin/bash\",\"-c\"],\"StopSignal\":\"SIGTERM\",\"User\":\"app\","
                + "\"Volumes\":{\"/data\":{}},\"WorkingDir\":\"/w\"}}");
    }

    @Test
    void inspect_variantOsVersionSingleLayerAndLastTagTime_asDocker() {
        assumeTrue(ZoneId.systemDefault().normalized().equals(ZoneOffset.UTC)
                || ZoneId.systemDefault().getId().equals("Etc/UTC"), "LastTagTime is written in the local zone");
        Image i = new Image(ID, List.of(), List.of(), "sha256:" + "c".repeat(64), "", CREATED, "me", "20.10.24",
                "arm", "v7", "linux", "10.0", 5, SH, List.of(), Instant.parse("2026-11-26T17:00:00.5Z"));
        String json = str(ImageWire.inspect(i, new ImageWire.GraphDriver("overlayfs", null), v("1.50")));
        assertThat(json).contains("\"Parent\":\"sha256:" + "c".repeat(64) + "\",\"Comment\":\"\",")
                .contains("\"DockerVersion\":\"20.10.24\",\"Author\":\"me\",\"Architecture\":\"arm\","
                        + "\"Variant\":\"v7\",\"Os\":\"linux\",\"OsVersion\":\"10.0\",\"Size\":5,"
                        + "\"GraphDriver\":{\"Data\":null,\"Name\":\"overlayfs\"},\"RootFS\":{\"Type\":\"layers\"},"
                        + "\"Metadata\":{\"LastTagTime\":\"2026-11-26T17:00:00.5Z\"},");
    }

    static Stream<Case> summaries() {
        String t = "{\"Containers\":-1,\"Created\":1795711241,\"Id\":\"" + ID + "\",\"Labels\":{\"a\":\"<2>\",\"z\":\"1\"},"
                + "\"ParentId\":\"\",\"RepoDigests\":[],\"RepoTags\":[\"bb:1\",\"reg.example:5000/team/bb:2\"],"
                + "\"SharedSize\":-1,\"Size\":1982291";
        String d = "{\"Containers\":-1,\"Created\":0,\"Id\":\"sha256:" + "d".repeat(64) + "\",\"Labels\":null,"
                + "\"ParentId\":\"\",";
        return Stream.of(
                new Case("1.50", v("1.50"), null, "[" + t + "}," + d
                        + "\"RepoDigests\":[],\"RepoTags\":[],\"SharedSize\":-1,\"Size\":0}]"),
                new Case("1.43: VirtualSize unless zero", v("1.43"), null, "[" + t + ",\"VirtualSize\":1982291}," + d
                        + "\"RepoDigests\":[],\"RepoTags\":[],\"SharedSize\":-1,\"Size\":0}]"),
                new Case("1.42: <none> for untagged", v("1.42"), null, "[" + t + ",\"VirtualSize\":1982291}," + d
                        + "\"RepoDigests\":[\"<none>@<none>\"],\"RepoTags\":[\"<none>:<none>\"],\"SharedSize\":-1,"
                        + "\"Size\":0}]"));
    }

    @ParameterizedTest
    @MethodSource("summaries")
    void summaries_version_isDockerImageSummary(Case c) {
        Image tagged = new Image(ID, List.of("bb:1", "reg.example:5000/team/bb:2"), List.of(), null, "", CREATED, "",
                "", "amd64", "", "linux", "", 1982291,
                new ImageConfig("", null, null, null, null, false, null, "", null, null,
                        new TreeMap<>(Map.of("z", "1", "a", "<2>")), "", null, null), List.of(DIFF), null);
        Image dangling = new Image("sha256:" + "d".repeat(64), List.of(), List.of(), null, "", null, "", "", "amd64",
                "", "linux", "", 0, SH, List.of(), null);
        assertThat(str(ImageWire.summaries(List.of(tagged, dangling), c.version()))).isEqualTo(c.json());
    }

    @Test
    void summaries_none_isEmptyArray() {
        assertThat(str(ImageWire.summaries(List.of(), v("1.50")))).isEqualTo("[]");
    }

    @Test
    void deleted_untagAndDelete_inOrder() {
        assertThat(str(ImageWire.deleted(List.of(new ImageDeleteItem.Untagged("bb:1"),
                new ImageDeleteItem.Deleted(ID), new ImageDeleteItem.Deleted(DIFF)))))
                .isEqualTo("[{\"Untagged\":\"bb:1\"},{\"Deleted\":\"" + ID + "\"},{\"Deleted\":\"" + DIFF + "\"}]");
    }

    @Test
    void prune_nothing_imagesDeletedIsNull() {
        assertThat(str(ImageWire.prune(new ImagePruneResult(List.of(), 0))))
                .isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
    }

    @Test
    void prune_someImages_listsItemsAndBytes() {
        assertThat(str(ImageWire.prune(new ImagePruneResult(List.of(new ImageDeleteItem.Deleted(ID)), 1982291))))
                .isEqualTo("{\"ImagesDeleted\":[{\"Deleted\":\"" + ID + "\"}],\"SpaceReclaimed\":1982291}");
    }

    @Test
    void history_importedImage_oneEntryAsDocker() {
        assertThat(str(ImageWire.history(image(List.of("bb:1"), CREATED, SH, null))))
                .isEqualTo("[{\"Comment\":\"Imported from -\",\"Created\":1795711241,\"CreatedBy\":\"\",\"Id\":\""
                        + ID + "\",\"Size\":1982291,\"Tags\":[\"bb:1\"]}]");
    }

    @Test
    void history_untagged_tagsNull() {
        assertThat(str(ImageWire.history(image(List.of(), CREATED, SH, null)))).endsWith(",\"Tags\":null}]");
    }

    record Time(Instant instant, String text) {
    }

    static Stream<Time> times() {
        return Stream.of(new Time(Instant.parse("2026-11-26T16:40:41Z"), "2026-11-26T16:40:41Z"),
                new Time(Instant.parse("2026-11-26T16:40:41.100Z"), "2026-11-26T16:40:41.1Z"),
                new Time(Instant.parse("2026-11-26T16:40:41.000000001Z"), "2026-11-26T16:40:41.000000001Z"),
                new Time(Instant.parse("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("times")
    void utcNano_instant_isGoRfc3339Nano(Time t) {
        assertThat(ImageWire.utcNano(t.instant())).isEqualTo(t.text());
    }
}
