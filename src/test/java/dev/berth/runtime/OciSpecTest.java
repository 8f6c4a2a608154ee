package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciSpecTest {

    private static final HostLimits HOST = new HostLimits(Map.of("RLIMIT_NOFILE", 20000L, "RLIMIT_CORE", -1L));

    private static OciSpec.Builder builder() {
        return new OciSpec.Builder(HOST, DockerDefaults.BASE_MASKED_PATHS)
                .args(List.of("sh"))
                .rootfs(Path.of("/b/rootfs"));
    }

    private static List<String> destinations(OciSpec spec) {
        return spec.mounts().stream().map(OciSpec.Mount::destination).toList();
    }

    private static OciSpec.Mount mount(OciSpec spec, String destination) {
        return spec.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst().orElseThrow();
    }

    @Test
    void build_defaults_matchDockerDefaultSpec() {
        OciSpec spec = builder().build();

        assertThat(spec.ociVersion()).isEqualTo("1.0.2");
        assertThat(destinations(spec)).containsExactly(
                "/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm");
        assertThat(mount(spec, "/dev/shm").options())
                .containsExactly("nosuid", "noexec", "nodev", "mode=1777", "size=67108864");
        assertThat(mount(spec, "/sys/fs/cgroup").type()).isEqualTo("cgroup");
        assertThat(mount(spec, "/sys/fs/cgroup").options()).contains("ro");
        assertThat(spec.process().capabilities().bounding()).hasSize(14).contains("CAP_CHOWN", "CAP_AUDIT_WRITE")
                .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
        assertThat(spec.process().capabilities().effective()).isEqualTo(spec.process().capabilities().bounding());
        assertThat(spec.process().capabilities().permitted()).isEqualTo(spec.process().capabilities().bounding());
        assertThat(spec.process().capabilities().inheritable()).isEmpty();
        assertThat(spec.process().capabilities().ambient()).isEmpty();
        assertThat(spec.process().rlimits()).isNull();
        assertThat(spec.process().noNewPrivileges()).isFalse();
        assertThat(spec.process().oomScoreAdj()).isZero();
        assertThat(spec.process().cwd()).isEqualTo("/");
        assertThat(spec.linux().namespaces()).extracting(OciSpec.Namespace::type)
                .containsExactly("mount", "network", "uts", "pid", "ipc");
        assertThat(spec.linux().maskedPaths()).containsExactly("/proc/acpi", "/proc/asound", "/proc/interrupts",
                "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
                "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap", "/sys/firmware");
        assertThat(spec.linux().readonlyPaths())
                .containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        assertThat(spec.linux().resources().devices()).first()
                .isEqualTo(new OciSpec.DeviceRule(false, null, null, null, "rwm"));
        assertThat(spec.linux().resources().devices()).contains(
                new OciSpec.DeviceRule(true, "c", 1L, 3L, "rwm"),
                new OciSpec.DeviceRule(false, "c", 10L, 229L, "rwm"));
        assertThat(spec.linux().sysctl()).isNull();
        assertThat(spec.linux().rootfsPropagation()).isNull();
    }

    @Test
    void toJson_defaults_omitsUnsetFieldsAndKeepsEmptyCapabilitySets() throws Exception {
        JsonNode json = Json.MAPPER.readTree(builder().cgroupsPath("/berth/abc").build().toJson());

        assertThat(json.get("ociVersion").asText()).isEqualTo("1.0.2");
        assertThat(json.get("process").has("consoleSize")).isFalse();
        assertThat(json.get("process").has("rlimits")).isFalse();
        assertThat(json.get("process").get("capabilities").get("inheritable").isArray()).isTrue();
        assertThat(json.get("process").get("capabilities").get("inheritable")).isEmpty();
        assertThat(json.get("hostname")).isNull();
        assertThat(json.get("linux").get("cgroupsPath").asText()).isEqualTo("/berth/abc");
        assertThat(json.get("linux").has("rootfsPropagation")).isFalse();
        assertThat(json.get("linux").get("namespaces").get(0).has("path")).isFalse();
        assertThat(json.get("linux").get("resources").get("devices").get(0).has("major")).isFalse();
    }

    @Test
    void writeTo_bundle_writesConfigJson(@TempDir Path bundle) throws Exception {
        OciSpec spec = builder().hostname("h").build();

        spec.writeTo(bundle);

        assertThat(Json.MAPPER.readTree(Files.readString(bundle.resolve("config.json"))).get("hostname").asText())
                .isEqualTo("h");
        assertThat(bundle.resolve(".config.json.tmp")).doesNotExist();
    }

    record MountCase(String name, List<OciSpec.Mount> user, boolean readonly, List<String> destinations,
                     Map<String, List<String>> options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MountCase> mountCases() {
        OciSpec.Mount shm = new OciSpec.Mount("/dev/shm", "tmpfs", "tmpfs", List.of("size=1m"));
        OciSpec.Mount dev = new OciSpec.Mount("/dev", "bind", "/hostdev", List.of("rbind"));
        OciSpec.Mount data = new OciSpec.Mount("/data", "bind", "/srv/data", List.of("rbind", "rprivate"));
        OciSpec.Mount sys = new OciSpec.Mount("/sys", "bind", "/sys", List.of("rbind"));
        return Stream.of(
                new MountCase("no user mounts keeps all defaults", List.of(), false,
                        List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"),
                        Map.of("/proc", List.of("nosuid", "noexec", "nodev"))),
                new MountCase("user mount replaces default at same destination", List.of(shm), false,
                        List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"),
                        Map.of("/dev/shm", List.of("size=1m"))),
                new MountCase("user /dev drops every /dev default", List.of(dev, data), false,
                        List.of("/proc", "/sys", "/sys/fs/cgroup", "/dev", "/data"),
                        Map.of("/dev", List.of("rbind"))),
                new MountCase("user mounts follow defaults in given order", List.of(data, shm), false,
                        List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/data",
                                "/dev/shm"),
                        Map.of("/data", List.of("rbind", "rprivate"))),
                new MountCase("read-only rootfs leaves writable defaults and user mounts alone", List.of(data), true,
                        List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                                "/data"),
                        Map.of("/proc", List.of("nosuid", "noexec", "nodev"),
                                "/dev/shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864"),
                                "/sys", List.of("nosuid", "noexec", "nodev", "ro"),
                                "/data", List.of("rbind", "rprivate"))),
                new MountCase("read-only rootfs does not make a replaced default read-only", List.of(sys), true,
                        List.of("/proc", "/dev", "/dev/pts", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/sys"),
                        Map.of("/sys", List.of("rbind"))));
    }

    @ParameterizedTest
    @MethodSource("mountCases")
    void build_userMounts_mergedLikeMoby(MountCase c) {
        OciSpec spec = builder().rootfs(Path.of("/r")).readonlyRootfs(c.readonly()).mounts(c.user()).build();

        assertThat(destinations(spec)).containsExactlyElementsOf(c.destinations());
        c.options().forEach((dest, opts) -> assertThat(mount(spec, dest).options()).as(dest)
                .containsExactlyElementsOf(opts));
        assertThat(spec.root().readonly()).isEqualTo(c.readonly());
    }

    @Test
    void merge_readonlyRootfsWithWritableDefault_addsRo() {
        List<OciSpec.Mount> defaults = List.of(new OciSpec.Mount("/etc/x", "bind", "/x", List.of("rbind")));

        List<OciSpec.Mount> merged = SpecMounts.merge(defaults, List.of(), true);

        assertThat(merged.getFirst().options()).containsExactly("rbind", "ro");
    }

    record RlimitCase(String name, String type, long soft, long hard, long wantSoft, long wantHard) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RlimitCase> rlimitCases() {
        return Stream.of(
                new RlimitCase("within host limit unchanged", "RLIMIT_NOFILE", 1024, 4096, 1024, 4096),
                new RlimitCase("hard above host capped", "RLIMIT_NOFILE", 1024, 1048576, 1024, 20000),
                new RlimitCase("both above host capped", "RLIMIT_NOFILE", 65536, 1048576, 20000, 20000),
                new RlimitCase("unlimited request capped", "RLIMIT_NOFILE", -1, -1, 20000, 20000),
                new RlimitCase("unlimited host keeps unlimited", "RLIMIT_CORE", -1, -1, -1, -1),
                new RlimitCase("unknown host limit unchanged", "RLIMIT_NPROC", 100, 200, 100, 200));
    }

    @ParameterizedTest
    @MethodSource("rlimitCases")
    void rlimit_hostHardLimit_capped(RlimitCase c) {
        OciSpec spec = builder().rlimit(c.type(), c.soft(), c.hard()).build();

        assertThat(spec.process().rlimits()).containsExactly(new OciSpec.Rlimit(c.type(), c.wantHard(), c.wantSoft()));
    }

    @Test
    void toJson_unlimitedRlimit_writtenAsUnsigned() {
        String json = builder().rlimit("RLIMIT_CORE", -1, -1).build().toJson();

        assertThat(json).contains("\"hard\" : 18446744073709551615");
    }

    @Test
    void rlimit_softAboveHard_rejected() {
        assertThatThrownBy(() -> new OciSpec.Rlimit("RLIMIT_NOFILE", 10, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rlimit RLIMIT_NOFILE: soft 20 above hard 10");
    }

    @Test
    void networkMode_host_removesNetworkNamespace() {
        OciSpec spec = builder().networkMode("host").build();

        assertThat(spec.linux().namespaces()).extracting(OciSpec.Namespace::type)
                .containsExactly("mount", "uts", "pid", "ipc");
    }

    @Test
    void networkMode_none_keepsFreshNetworkNamespace() {
        OciSpec spec = builder().networkMode("none").build();

        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("network", null));
    }

    @Test
    void joinNamespace_path_recorded() {
        OciSpec spec = builder().joinNamespace(NamespaceType.NETWORK, "/proc/42/ns/net").build();

        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("network", "/proc/42/ns/net"));
    }

    @Test
    void hostNamespace_uts_dropsHostname() {
        OciSpec spec = builder().hostname("box").hostNamespace(NamespaceType.UTS).build();

        assertThat(spec.hostname()).isNull();
    }

    @Test
    void shmSize_given_sizesDevShm() {
        OciSpec spec = builder().shmSize(1024 * 1024).build();

        assertThat(mount(spec, "/dev/shm").options()).contains("size=1048576");
    }

    @Test
    void terminal_withConsoleSize_setsSize() {
        OciSpec spec = builder().terminal(true).consoleSize(40, 120).build();

        assertThat(spec.process().consoleSize()).isEqualTo(new OciSpec.ConsoleSize(40, 120));
    }

    @Test
    void build_withoutRootfs_rejected() {
        assertThatThrownBy(() -> new OciSpec.Builder(HOST, List.of()).args(List.of("sh")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rootfs is required");
    }

    @Test
    void parseCpuList_ranges_expanded() {
        assertThat(DockerDefaults.parseCpuList("0-2,5,7-8\n")).containsExactly(0, 1, 2, 5, 7, 8);
    }

    @Test
    void hostLimits_procLimits_parsed() {
        String text = """
                Limit                     Soft Limit           Hard Limit           Units    \s
                Max core file size        0                    unlimited            bytes    \s
                Max open files            1024                 20000                files    \s
                """;

        HostLimits limits = HostLimits.parse(text);

        assertThat(limits.hard()).containsEntry("RLIMIT_NOFILE", 20000L).containsEntry("RLIMIT_CORE", -1L);
    }
}
