package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docker volume create|ls|inspect|rm} of the stock CLI against berthd, rule by rule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeCliIT {

    TestDaemon d;

    @BeforeAll
    void start() {
        d = TestDaemon.inProcess();
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private JsonNode inspect(String name) throws IOException {
        Proc.Result r = d.docker("volume", "inspect", name);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode arr = Json.MAPPER.readTree(r.out());
        assertThat(arr.size()).isEqualTo(1);
        return arr.get(0);
    }

    @Test
    void create_named_printsNameAndInspectShowsDockerShape() throws IOException {
        Proc.Result r = d.docker("volume", "create", "--label", "app=db", "--label", "tier=", "shape1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outTrim()).isEqualTo("shape1");
        JsonNode v = inspect("shape1");
        assertThat(v.get("Name").asText()).isEqualTo("shape1");
        assertThat(v.get("Driver").asText()).isEqualTo("local");
        assertThat(v.get("Scope").asText()).isEqualTo("local");
        assertThat(v.get("Mountpoint").asText()).isEqualTo(d.dataRoot().resolve("volumes/shape1/_data").toString());
        assertThat(v.get("Labels").get("app").asText()).isEqualTo("db");
        assertThat(v.get("Labels").get("tier").asText()).isEmpty();
        assertThat(v.get("Options").isNull()).isTrue();
        assertThat(v.has("Status")).isFalse();
        OffsetDateTime created = OffsetDateTime.parse(v.get("CreatedAt").asText());
        assertThat(Duration.between(created, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(v.get("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(Files.isDirectory(Path.of(v.get("Mountpoint").asText()))).isTrue();
    }

    @Test
    void inspect_createdAt_unchangedByWritingData() throws Exception {
        d.docker("volume", "create", "ctime1");
        String before = inspect("ctime1").get("CreatedAt").asText();
        Thread.sleep(1100);
        Files.writeString(d.dataRoot().resolve("volumes/ctime1/_data/f"), "x");
        assertThat(inspect("ctime1").get("CreatedAt").asText()).isEqualTo(before);
    }

    @Test
    void create_anonymous_has64HexNameAndAnonymousLabel() throws IOException {
        Proc.Result r = d.docker("volume", "create");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String name = r.outTrim();
        assertThat(name).matches("[0-9a-f]{64}");
        JsonNode v = inspect(name);
        assertThat(v.get("Labels").has("com.docker.volume.anonymous")).isTrue();
        assertThat(v.get("Labels").get("com.docker.volume.anonymous").asText()).isEmpty();
    }

    @Test
    void create_twice_isIdempotentAndKeepsFirstLabels() throws IOException {
        assertThat(d.docker("volume", "create", "--label", "v=1", "twice").exitCode()).isZero();
        Proc.Result again = d.docker("volume", "create", "--label", "v=2", "twice");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.outTrim()).isEqualTo("twice");
        assertThat(inspect("twice").get("Labels").get("v").asText()).isEqualTo("1");
    }

    record Case(String name, List<String> args, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> createErrors() {
        return Stream.of(
                new Case("one char name", List.of("a"),
                        "Error response from daemon: create a: volume name is too short, names should be at least two alphanumeric characters"),
                new Case("slash in name", List.of("/x"),
                        "Error response from daemon: create /x: \"/x\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"),
                new Case("leading dot", List.of(".hello"),
                        "Error response from daemon: create .hello: \".hello\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"),
                new Case("unknown driver", List.of("-d", "nosuchdriver", "dd1"),
                        "Error response from daemon: create dd1: error looking up volume plugin nosuchdriver: plugin \"nosuchdriver\" not found"),
                new Case("unknown option", List.of("-o", "foo=bar", "o1"),
                        "Error response from daemon: create o1: invalid option: \"foo\""),
                new Case("bad size", List.of("-o", "size=abc", "o2"),
                        "Error response from daemon: create o2: invalid size: 'abc'"),
                new Case("device without type", List.of("-o", "device=tmpfs", "o3"),
                        "Error response from daemon: create o3: missing required option: \"type\""),
                new Case("type without device", List.of("-o", "type=tmpfs", "o4"),
                        "Error response from daemon: create o4: missing required option: \"device\""),
                new Case("o alone", List.of("-o", "o=size=1m", "o5"),
                        "Error response from daemon: create o5: missing required option: \"device\""),
                new Case("cifs port", List.of("-o", "type=cifs", "-o", "device=//host:445/share", "o6"),
                        "Error response from daemon: create o6: port not allowed in CIFS device URL, include 'port' in 'o='"));
    }

    @ParameterizedTest
    @MethodSource("createErrors")
    void create_invalid_reportsDockerTextAndLeavesNothing(Case c) {
        List<String> args = new java.util.ArrayList<>(List.of("volume", "create"));
        args.addAll(c.args());
        Proc.Result r = d.docker(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(c.error());
        String name = c.args().getLast();
        assertThat(d.docker("volume", "inspect", name).exitCode()).isEqualTo(1);
        assertThat(Files.exists(d.dataRoot().resolve("volumes").resolve(name.replace("/", "")))).isFalse();
    }

    @Test
    void create_nameTakenByAnotherDriver_conflicts() {
        d.docker("volume", "create", "taken1");
        Proc.Result r = d.docker("volume", "create", "-d", "otherdriver", "taken1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: create taken1: driver 'local' already has "
                + "volume 'taken1': volume name must be unique");
    }

    @Test
    void ls_filters_matchDockerRules() {
        d.docker("volume", "create", "--label", "flt=a", "--label", "env=prod", "fltprod1");
        d.docker("volume", "create", "--label", "flt=a", "--label", "env=dev", "fltdev1");
        d.docker("volume", "create", "--label", "flt=b", "fltother");
        d.daemon().volumes().acquire("fltprod1", "c0ffee");
        try {
            assertThat(names("-f", "label=flt")).containsExactlyInAnyOrder("fltprod1", "fltdev1", "fltother");
            assertThat(names("-f", "label=flt=a")).containsExactlyInAnyOrder("fltprod1", "fltdev1");
            assertThat(names("-f", "label=flt=a", "-f", "label=env=dev")).containsExactly("fltdev1");
            assertThat(names("-f", "name=fltp")).containsExactly("fltprod1");
            assertThat(names("-f", "name=^flt.*1$")).containsExactlyInAnyOrder("fltprod1", "fltdev1");
            assertThat(names("-f", "label=flt", "-f", "dangling=true")).containsExactlyInAnyOrder("fltdev1", "fltother");
            assertThat(names("-f", "label=flt", "-f", "dangling=1")).containsExactlyInAnyOrder("fltdev1", "fltother");
            assertThat(names("-f", "label=flt", "-f", "dangling=false")).containsExactly("fltprod1");
            assertThat(names("-f", "label=flt", "-f", "dangling=0")).containsExactly("fltprod1");
            assertThat(names("-f", "label=flt", "-f", "driver=local")).hasSize(3);
            assertThat(names("-f", "label=flt", "-f", "driver=loca")).isEmpty();
        } finally {
            d.daemon().volumes().release("fltprod1", "c0ffee");
        }
    }

    private List<String> names(String... filterArgs) {
        List<String> args = new java.util.ArrayList<>(List.of("volume", "ls", "-q"));
        args.addAll(List.of(filterArgs));
        Proc.Result r = d.docker(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.lines();
    }

    @Test
    void ls_invalidFilters_rejected() {
        Proc.Result r = d.docker("volume", "ls", "-f", "foo=bar");
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: invalid filter 'foo'");
        r = d.docker("volume", "ls", "-f", "dangling=invalid");
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: invalid filter 'dangling=[invalid]'");
    }

    @Test
    void ls_table_showsDriverAndName() {
        d.docker("volume", "create", "tablevol");
        Proc.Result r = d.docker("volume", "ls", "-f", "name=tablevol");
        assertThat(r.lines()).containsExactly("DRIVER    VOLUME NAME", "local     tablevol");
    }

    @Test
    void rm_missing_errorsUnlessForced() {
        Proc.Result r = d.docker("volume", "rm", "nope1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: get nope1: no such volume");
        r = d.docker("volume", "rm", "-f", "nope1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void rm_removesDataAndName() throws Exception {
        d.docker("volume", "create", "gone1");
        Path data = d.dataRoot().resolve("volumes/gone1/_data");
        Files.writeString(data.resolve("f"), "data");
        Proc.Result r = d.docker("volume", "rm", "gone1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outTrim()).isEqualTo("gone1");
        assertThat(d.docker("volume", "inspect", "gone1").exitCode()).isEqualTo(1);
        assertThat(Files.exists(d.dataRoot().resolve("volumes/gone1"))).isFalse();
        assertThat(d.docker("volume", "create", "gone1").exitCode()).isZero();
        assertThat(Files.list(d.dataRoot().resolve("volumes/gone1/_data")).count()).isZero();
    }

    @Test
    void rm_inUse_conflictsEvenWithForce() {
        d.docker("volume", "create", "busy1");
        d.daemon().volumes().acquire("busy1", "aaaa1111");
        d.daemon().volumes().acquire("busy1", "bbbb2222");
        try {
            for (String[] args : List.of(new String[] {"volume", "rm", "busy1"}, new String[] {"volume", "rm", "-f", "busy1"})) {
                Proc.Result r = d.docker(args);
                assertThat(r.exitCode()).isEqualTo(1);
                assertThat(r.err().strip()).isEqualTo(
                        "Error response from daemon: remove busy1: volume is in use - [aaaa1111, bbbb2222]");
            }
        } finally {
            d.daemon().volumes().release("busy1", "aaaa1111");
            d.daemon().volumes().release("busy1", "bbbb2222");
        }
        assertThat(d.docker("volume", "rm", "busy1").exitCode()).isZero();
    }

    @Test
    void rm_forceAfterOutOfBandDeletion_removes() throws Exception {
        d.docker("volume", "create", "oob1");
        TestDaemon.deleteTree(d.dataRoot().resolve("volumes/oob1"));
        Proc.Result r = d.docker("volume", "rm", "-f", "oob1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(d.docker("volume", "inspect", "oob1").exitCode()).isEqualTo(1);
    }

    @Test
    void inspect_severalWithOneMissing_printsFoundAndFails() throws IOException {
        d.docker("volume", "create", "found1");
        Proc.Result r = d.docker("volume", "inspect", "found1", "missing1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(r.out()).get(0).get("Name").asText()).isEqualTo("found1");
        assertThat(r.err().strip()).isEqualTo("Error response from daemon: get missing1: no such volume");
    }
}
