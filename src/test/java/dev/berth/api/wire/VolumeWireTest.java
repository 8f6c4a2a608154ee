package dev.berth.api.wire;

import dev.berth.volume.PruneReport;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Byte-for-byte Docker shapes: api/types/volume Volume, ListResponse and PruneReport as Go encodes them. */
class VolumeWireTest {

    private static final long T = 1_795_707_000L;
    private static final String MP = "/var/lib/berth/volumes/qq/_data";

    @BeforeAll
    static void utcOnly() {
        assumeTrue(ZoneId.systemDefault().normalized().equals(ZoneOffset.UTC)
                || ZoneId.systemDefault().getId().equals("Etc/UTC"), "CreatedAt rows are written for UTC");
    }

    private static Volume vol(String name, Map<String, String> labels, Map<String, String> options,
                              Map<String, Object> status, Volume.Usage usage) {
        return new Volume(name, "local", "/var/lib/berth/volumes/" + name + "/_data", T, labels, options, "local",
                status, usage);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    record Case(String name, Volume volume, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> volumes() {
        String head = "{\"CreatedAt\":\"2026-11-26T15:30:00Z\",\"Driver\":\"local\",";
        return Stream.of(
                new Case("no labels, no options", vol("qq", null, null, null, null),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":null,"
                                + "\"Scope\":\"local\"}"),
                new Case("empty maps stay objects", vol("qq", Map.of(), Map.of(), null, null),
                        head + "\"Labels\":{},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":{},"
                                + "\"Scope\":\"local\"}"),
                new Case("label keys sorted", vol("qq", ordered("b", "2", "a", "1", "A", "0"), null, null, null),
                        head + "\"Labels\":{\"A\":\"0\",\"a\":\"1\",\"b\":\"2\"},\"Mountpoint\":\"" + MP
                                + "\",\"Name\":\"qq\",\"Options\":null,\"Scope\":\"local\"}"),
                new Case("options sorted", vol("qq", null, ordered("type", "tmpfs", "o", "size=1m", "device", "tmpfs"),
                        null, null),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":{\"device\":"
                                + "\"tmpfs\",\"o\":\"size=1m\",\"type\":\"tmpfs\"},\"Scope\":\"local\"}"),
                new Case("anonymous label", vol("qq", Map.of("com.docker.volume.anonymous", ""), null, null, null),
                        head + "\"Labels\":{\"com.docker.volume.anonymous\":\"\"},\"Mountpoint\":\"" + MP
                                + "\",\"Name\":\"qq\",\"Options\":null,\"Scope\":\"local\"}"),
                new Case("empty status omitted", vol("qq", null, null, Map.of(), null),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":null,"
                                + "\"Scope\":\"local\"}"),
                new Case("status sorted, after Scope", vol("qq", null, null, Map.of("z", 1, "a", "s", "m", true), null),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":null,"
                                + "\"Scope\":\"local\",\"Status\":{\"a\":\"s\",\"m\":true,\"z\":1}}"),
                new Case("usage data", vol("qq", null, null, null, new Volume.Usage(1234, 2)),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":null,"
                                + "\"Scope\":\"local\",\"UsageData\":{\"RefCount\":2,\"Size\":1234}}"),
                new Case("unknown size", vol("qq", null, null, null, new Volume.Usage(-1, 0)),
                        head + "\"Labels\":null,\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\",\"Options\":null,"
                                + "\"Scope\":\"local\",\"UsageData\":{\"RefCount\":0,\"Size\":-1}}"),
                new Case("HTML characters not escaped", vol("qq", Map.of("a", "<b>&amp;"), null, null, null),
                        head + "\"Labels\":{\"a\":\"<b>&amp;\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("quotes, backslash and newline escaped", vol("qq", Map.of("a", "\"x\\y\nz\t"), null, null,
                        null),
                        head + "\"Labels\":{\"a\":\"\\\"x\\\\y\\nz\\t\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("control character as \\u00XX", vol("qq", Map.of("a", "\u0001"), null, null, null),
                        head + "\"Labels\":{\"a\":\"\\u0001\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("non-ASCII raw UTF-8", vol("qq", Map.of("a", "\u00e9\u20ac"), null, null, null),
                        head + "\"Labels\":{\"a\":\"\u00e9\u20ac\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("control character hex in lower case", vol("qq", Map.of("a", "\u001f\u001b"), null, null,
                        null),
                        head + "\"Labels\":{\"a\":\"\\u001f\\u001b\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("backspace and form feed short escapes, DEL raw", vol("qq", Map.of("a", "\b\f\u007f"), null,
                        null, null),
                        head + "\"Labels\":{\"a\":\"\\b\\f\u007f\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("emoji as UTF-8, not surrogate escapes", vol("qq", Map.of("a", "\ud83d\ude00"), null, null,
                        null),
                        head + "\"Labels\":{\"a\":\"\ud83d\ude00\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"),
                new Case("line separator in a key escaped", vol("qq", Map.of("a\u2028", "b"), null, null, null),
                        head + "\"Labels\":{\"a\\u2028\":\"b\"},\"Mountpoint\":\"" + MP + "\",\"Name\":\"qq\","
                                + "\"Options\":null,\"Scope\":\"local\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumes")
    void volume_fields_dockerShape(Case c) {
        assertThat(str(VolumeWire.volume(c.volume()))).isEqualTo(c.json());
    }

    @Test
    void volume_dockerDocExample_sameBytes() {
        Volume v = new Volume("data", "local", "/var/lib/docker/volumes/data/_data", 1_787_479_200L,
                Map.of("app", "db"), null, "local", null, null);
        assertThat(str(VolumeWire.volume(v))).isEqualTo("{\"CreatedAt\":\"2026-08-23T10:00:00Z\",\"Driver\":\"local\","
                + "\"Labels\":{\"app\":\"db\"},\"Mountpoint\":\"/var/lib/docker/volumes/data/_data\",\"Name\":\"data\","
                + "\"Options\":null,\"Scope\":\"local\"}");
    }

    @Test
    void volume_lineSeparatorInLabel_escapedLikeGo() {
        String json = str(VolumeWire.volume(vol("qq", Map.of("a", "x\u2028y\u2029"), null, null, null)));
        assertThat(json).contains("\"a\":\"x\\u2028y\\u2029\"");
    }

    @Test
    void list_empty_volumesArrayAndNullWarnings() {
        assertThat(str(VolumeWire.list(new VolumeList(List.of(), null))))
                .isEqualTo("{\"Volumes\":[],\"Warnings\":null}");
    }

    @Test
    void list_twoVolumesAndWarning_dockerShape() {
        String one = str(VolumeWire.volume(vol("a1", null, null, null, null)));
        String two = str(VolumeWire.volume(vol("b2", Map.of("k", "v"), null, null, null)));
        assertThat(str(VolumeWire.list(new VolumeList(List.of(vol("a1", null, null, null, null),
                vol("b2", Map.of("k", "v"), null, null, null)), List.of("plugin x: timeout")))))
                .isEqualTo("{\"Volumes\":[" + one + "," + two + "],\"Warnings\":[\"plugin x: timeout\"]}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumes")
    void volumeBytes_sameBytesAsGenerator(Case c) {
        assertThat(str(VolumeBytes.of(c.volume()))).isEqualTo(c.json());
    }

    @Test
    void volumeBytes_statusAndUsage_sameBytesAsGenerator() {
        for (Volume v : List.of(vol("st", null, null, Map.of("z", 1, "a", "x"), null),
                vol("us", Map.of("k", "v"), null, null, new Volume.Usage(42, 2)),
                vol("both", null, Map.of("o", "p"), Map.of("s", true), new Volume.Usage(-1, 0)))) {
            assertThat(str(VolumeBytes.of(v))).isEqualTo(str(VolumeWire.volume(v)));
        }
    }

    @Test
    void volumeBytes_sharedMapsAndTimes_rememberedWithoutMixingUp() {
        Map<String, String> a = Map.of("k", "a");
        Map<String, String> b = Map.of("k", "b\"");
        VolumeBytes w = new VolumeBytes(16);
        StringBuilder expected = new StringBuilder();
        // More distinct maps than the writer remembers, each used again later, with times changing back and forth
        // and times 256 s apart, which take the same slot of the writer's memory.
        List<Map<String, String>> maps = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            maps.add(i % 3 == 0 ? a : i % 3 == 1 ? b : Map.of("n", Integer.toString(i)));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < maps.size(); i++) {
                Volume v = new Volume("v" + i, "local", "/d/v" + i + "/_data", T + (i % 2) + 256L * (i % 4),
                        maps.get(i), maps.get(maps.size() - 1 - i), "local", null, null);
                w.volume(v);
                expected.append(str(VolumeWire.volume(v)));
            }
        }
        assertThat(new String(w.array(), 0, w.size(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void volumeBytes_stringsOfAnyLengthAndEscape_sameBytesAsGenerator() {
        // One writer for all: its scratch for characters grows past its first size and is reused after.
        VolumeBytes w = new VolumeBytes(16);
        StringBuilder expected = new StringBuilder();
        for (String mp : List.of("/d", "/d/" + "x".repeat(300) + "/_data", "/d/short", "/d/quo\"te", "/d/back\\slash",
                "/d/ctl\u0001\t", "/d/del\u007f", "/d/\u00e9t\u00e9", "/d/<&>", "/d/\u2028", "/d/" + "y".repeat(1000), "")) {
            Volume v = new Volume("v", "local", mp, T, null, null, "local", null, null);
            w.volume(v);
            expected.append(str(VolumeWire.volume(v)));
        }
        assertThat(new String(w.array(), 0, w.size(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void listEncoder_anyPieceSize_sameBytesAsList() {
        Volume a = vol("a1", null, null, null, null);
        Volume b = vol("b2", Map.of("k", "v"), Map.of("o", "p"), null, null);
        Volume c = vol("c3", Map.of("k", "\u2028"), null, null, null);
        for (List<String> warnings : java.util.Arrays.asList(null, List.<String>of(), List.of("w"))) {
            for (List<Volume> vols : List.of(List.<Volume>of(), List.of(a), List.of(a, b), List.of(a, b, c, a, b))) {
                String expected = str(VolumeWire.list(new VolumeList(vols, warnings)));
                for (int piece : new int[] {1, 100, 250, 1 << 16}) {
                    VolumeWire.ListEncoder enc = new VolumeWire.ListEncoder(new VolumeList(vols, warnings), piece);
                    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                    int pieces = 0;
                    boolean more;
                    do {
                        more = enc.next();
                        body.write(enc.bytes().array(), 0, enc.bytes().size());
                        pieces++;
                    } while (more);
                    assertThat(body.toString(StandardCharsets.UTF_8)).as("piece size %d", piece).isEqualTo(expected);
                    // A piece holds at least one volume: never more pieces than volumes, plus the closing one.
                    assertThat(pieces).isBetween(1, Math.max(1, vols.size()));
                }
            }
        }
    }

    @Test
    void labelsInASortedMap_writtenInKeyOrder() {
        java.util.SortedMap<String, String> labels = java.util.Collections.unmodifiableSortedMap(
                new java.util.TreeMap<>(Map.of("b", "2", "a", "1")));
        assertThat(str(VolumeWire.volume(vol("s1", labels, null, null, null)))).contains("\"Labels\":{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void list_emptyWarnings_emptyArray() {
        assertThat(str(VolumeWire.list(new VolumeList(List.of(), List.of()))))
                .isEqualTo("{\"Volumes\":[],\"Warnings\":[]}");
    }

    @Test
    void prune_deleted_dockerShape() {
        assertThat(str(VolumeWire.prune(new PruneReport(List.of("a", "b"), 123))))
                .isEqualTo("{\"VolumesDeleted\":[\"a\",\"b\"],\"SpaceReclaimed\":123}");
    }

    @Test
    void prune_nothing_emptyArrayAndZero() {
        assertThat(str(VolumeWire.prune(new PruneReport(List.of(), 0))))
                .isEqualTo("{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}");
    }
}
