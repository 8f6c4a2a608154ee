package dev.berth.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** registerMountPoints / createContainerVolumesOS behaviour (§2.3, §3.8, integration tests of §7.2). */
class MountPlannerTest {

    private static final String ROOT = "/var/lib/berth";
    private static final MountPlanner PLANNER = new MountPlanner(ROOT,
            FakeBindSources.existing("/host", "/srv/a", "/srv/b", ROOT, ROOT + "/containers", "/"));

    private static MountPlan plan(MountRequest.Builder request) {
        return PLANNER.plan(request.build());
    }

    private static MountPoint volumeOf(String name, String destination) {
        return BindSpecParser.parse(name + ":" + destination, "");
    }

    private static VolumesFromSource from(String spec, MountPoint... points) {
        return new VolumesFromSource(VolumesFromSpec.parse(spec), List.of(points));
    }

    private static MountSpec mountVolume(String source, String target) {
        return MountSpec.builder(MountType.VOLUME).source(source).target(target).build();
    }

    private static MountSpec mountBind(String source, String target) {
        return MountSpec.builder(MountType.BIND).source(source).target(target).build();
    }

    private static PlannedMount at(MountPlan plan, String destination) {
        return plan.mounts().stream().filter(m -> m.point().destination().equals(destination)).findFirst()
                .orElseThrow();
    }

    // --- precedence: VolumesFrom < Binds < Mounts ---

    @Test
    void plan_twoVolumesFrom_laterWins() {
        MountPlan plan = plan(MountRequest.builder()
                .volumesFrom(from("data1", volumeOf("vol1", "/tmp/data"), volumeOf("vol3", "/tmp/foo")))
                .volumesFrom(from("data2", volumeOf("vol2", "/tmp/data"))));
        assertThat(plan.mounts()).extracting(PlannedMount::action).containsExactly(
                new MountAction.ReuseVolume("vol2", ""), new MountAction.ReuseVolume("vol3", ""));
        assertThat(at(plan, "/tmp/data").point().name()).isEqualTo("vol2");
    }

    @Test
    void plan_volumesFromAndBind_bindWinsSilently() {
        MountPlan plan = plan(MountRequest.builder()
                .volumesFrom(from("data1", volumeOf("vol1", "/tmp/data")))
                .bind("/host:/tmp/data"));
        assertThat(plan.mounts()).hasSize(1);
        assertThat(at(plan, "/tmp/data").action()).isEqualTo(new MountAction.BindHost("/host", true));
    }

    @Test
    void plan_volumesFromAndMount_mountWinsSilently() {
        MountPlan plan = plan(MountRequest.builder()
                .volumesFrom(from("data1", volumeOf("vol1", "/tmp/data")))
                .mount(mountVolume("vol9", "/tmp/data")));
        assertThat(plan.mounts()).hasSize(1);
        assertThat(at(plan, "/tmp/data").action())
                .isEqualTo(new MountAction.EnsureVolume("vol9", "", Map.of(), Map.of()));
    }

    @Test
    void plan_volumesFromReadOnly_narrowsRwAndNeverCopies() {
        MountPoint original = BindSpecParser.parse("/srv/a:/a:z", "");
        MountPoint point = plan(MountRequest.builder().volumesFrom(from("data:ro", original)))
                .mounts().getFirst().point();
        assertThat(point.rw()).isFalse();
        assertThat(point.copyData()).isFalse();
        assertThat(point.mode()).isEmpty();
        assertThat(point.propagation()).isEqualTo(Propagation.RPRIVATE);
        assertThat(point.spec()).isEqualTo(original.spec());
    }

    @Test
    void plan_volumesFromReadWriteOfReadOnly_staysReadOnly() {
        MountPoint original = BindSpecParser.parse("vol:/v:ro", "");
        MountPoint point = plan(MountRequest.builder().volumesFrom(from("data:rw", original)))
                .mounts().getFirst().point();
        assertThat(point.rw()).isFalse();
    }

    // --- duplicates ---

    record Duplicate(String name, MountRequest.Builder request, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Duplicate> duplicates() {
        return Stream.of(
                new Duplicate("two binds (TestRunNoDupVolumes)", MountRequest.builder()
                        .bind("/srv/a:/someplace").bind("/srv/b:/someplace"), "Duplicate mount point: /someplace"),
                new Duplicate("named volume and bind", MountRequest.builder()
                        .bind("data:/someplace").bind("/srv/a:/someplace"), "Duplicate mount point: /someplace"),
                new Duplicate("identical binds (the CLI de-duplicates them)", MountRequest.builder()
                        .bind("/tmp:/tmp").bind("/tmp:/tmp"), "Duplicate mount point: /tmp"),
                new Duplicate("bind targets equal once cleaned", MountRequest.builder()
                        .bind("/srv/a:/x/").bind("/srv/b://x"), "Duplicate mount point: /x"),
                new Duplicate("bind and mount: raw target named", MountRequest.builder()
                        .bind("/srv/a:/someplace").mount(mountBind("/srv/b", "/someplace/")),
                        "Duplicate mount point: /someplace/"),
                new Duplicate("two mounts", MountRequest.builder()
                        .mount(mountVolume("a", "/x")).mount(mountVolume("b", "/x")), "Duplicate mount point: /x"),
                new Duplicate("bind and tmpfs", MountRequest.builder()
                        .bind("/srv/a:/run").tmpfs("/run", "size=1m"), "Duplicate mount point: /run"),
                new Duplicate("anonymous bind-spec volume and tmpfs", MountRequest.builder()
                        .bind("/run").tmpfs("/run", ""), "Duplicate mount point: /run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicates")
    void plan_duplicateDestination_rejected(Duplicate c) {
        assertThatThrownBy(() -> PLANNER.plan(c.request().build()))
                .isInstanceOf(InvalidMountSpecException.class)
                .hasMessage(c.error());
    }

    @Test
    void plan_mountAndTmpfsAtOnePath_noErrorAndTmpfsShadowsIt() {
        MountPlan plan = plan(MountRequest.builder().mount(mountVolume("v", "/run")).tmpfs("/run", ""));
        assertThat(plan.mounts()).hasSize(1);
        assertThat(OciMountOptions.build(plan.mountPoints(), plan.tmpfs(), RroSupport.supported()))
                .extracting(OciMount::type).containsExactly("tmpfs");
    }

    @Test
    void plan_tmpfsKeyWithTrailingSlash_comparedAsGiven() {
        MountPlan plan = plan(MountRequest.builder().bind("/srv/a:/run").tmpfs("/run/", ""));
        assertThat(plan.mounts()).hasSize(1);
    }

    // --- anonymous volumes from Config.Volumes and the image ---

    @Test
    void plan_tmpfsOverAnonymousVolume_volumeSuppressed() {
        MountPlan plan = plan(MountRequest.builder().configVolumes(List.of("/foo")).tmpfs("/foo", ""));
        assertThat(plan.mounts()).isEmpty();
        assertThat(InspectMount.of(plan.mountPoints())).isEmpty();
        assertThat(OciMountOptions.build(plan.mountPoints(), plan.tmpfs(), RroSupport.supported()))
                .containsExactly(new OciMount("/foo", "tmpfs", "tmpfs", OciMountOptions.TMPFS_DEFAULTS));
    }

    @Test
    void plan_imageVolumeCoveredByBind_skipped() {
        MountPlan plan = plan(MountRequest.builder().bind("/host:/data").imageVolumes(List.of("/data", "/logs")));
        assertThat(plan.mounts()).extracting(m -> m.point().destination()).containsExactly("/data", "/logs");
        assertThat(at(plan, "/data").action()).isEqualTo(new MountAction.BindHost("/host", true));
        assertThat(at(plan, "/logs").action()).isEqualTo(new MountAction.CreateAnonymousVolume(""));
    }

    @Test
    void plan_anonymousVolumes_cleanedDeduplicatedWithVolumeDriver() {
        MountPlan plan = plan(MountRequest.builder().volumeDriver("nfs").configVolumes(List.of("/data/"))
                .imageVolumes(List.of("/data", "//data")));
        assertThat(plan.mounts()).hasSize(1);
        PlannedMount planned = plan.mounts().getFirst();
        assertThat(planned.action()).isEqualTo(new MountAction.CreateAnonymousVolume("nfs"));
        MountPoint point = planned.point();
        assertThat(point.destination()).isEqualTo("/data");
        assertThat(point.rw()).isTrue();
        assertThat(point.copyData()).isTrue();
        assertThat(point.anonymous()).isTrue();
        assertThat(point.mode()).isEmpty();
    }

    @Test
    void plan_volumesFromCoversImageVolume_skipped() {
        MountPlan plan = plan(MountRequest.builder().volumesFrom(from("data", volumeOf("vol", "/data")))
                .imageVolumes(List.of("/data")));
        assertThat(plan.mounts()).extracting(PlannedMount::action)
                .containsExactly(new MountAction.ReuseVolume("vol", ""));
    }

    // --- actions per source ---

    @Test
    void plan_bindSpecVolume_ensuredWithDriverAndNoOptions() {
        PlannedMount planned = plan(MountRequest.builder().volumeDriver("nfs").bind("data:/data")).mounts().getFirst();
        assertThat(planned.action()).isEqualTo(new MountAction.EnsureVolume("data", "nfs", Map.of(), Map.of()));
    }

    @Test
    void plan_mountVolume_carriesDriverOptionsAndLabels() {
        MountSpec spec = MountSpec.builder(MountType.VOLUME).target("/v").volumeOptions(new VolumeOptions(false,
                Map.of("team", "a"), "", new VolumeOptions.DriverConfig("local", Map.of("type", "tmpfs")))).build();
        PlannedMount planned = plan(MountRequest.builder().mount(spec)).mounts().getFirst();
        assertThat(planned.action())
                .isEqualTo(new MountAction.EnsureVolume("", "local", Map.of("type", "tmpfs"), Map.of("team", "a")));
        assertThat(planned.point().anonymous()).isTrue();
    }

    @Test
    void plan_bindSpecBind_createdAtStart() {
        PlannedMount planned = plan(MountRequest.builder().bind("/not/there:/x")).mounts().getFirst();
        assertThat(planned.action()).isEqualTo(new MountAction.BindHost("/not/there", true));
        assertThat(planned.point().skipMountpointCreation()).isFalse();
    }

    @Test
    void plan_mountBind_notCreatedUnlessCreateMountpoint() {
        MountSpec created = MountSpec.builder(MountType.BIND).source("/new").target("/n")
                .bindOptions(BindOptions.empty().withCreateMountpoint(true)).build();
        MountPlan plan = plan(MountRequest.builder().mount(mountBind("/host", "/h")).mount(created));
        assertThat(at(plan, "/h").action()).isEqualTo(new MountAction.BindHost("/host", false));
        assertThat(at(plan, "/h").point().skipMountpointCreation()).isTrue();
        assertThat(at(plan, "/n").action()).isEqualTo(new MountAction.BindHost("/new", true));
        assertThat(at(plan, "/n").point().skipMountpointCreation()).isFalse();
    }

    @Test
    void plan_mountBindSourceMissing_rejected() {
        assertThatThrownBy(() -> plan(MountRequest.builder().mount(mountBind("/missing", "/m"))))
                .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: /missing");
    }

    @Test
    void plan_mountTmpfs_convertedOptions() {
        MountSpec spec = MountSpec.builder(MountType.TMPFS).target("/t").readOnly(true)
                .tmpfsOptions(TmpfsOptions.of(4096 * 1024, 0700)).build();
        assertThat(plan(MountRequest.builder().mount(spec)).mounts().getFirst().action())
                .isEqualTo(new MountAction.MountTmpfs("ro,mode=700,size=4m"));
    }

    @Test
    void plan_imageMount_readOnlyNamedAfterImageWithWarning() {
        MountSpec spec = MountSpec.builder(MountType.IMAGE).source("busybox").target("/img")
                .imageOptions(new ImageOptions("bin")).build();
        MountPlan plan = plan(MountRequest.builder().mount(spec));
        PlannedMount planned = plan.mounts().getFirst();
        assertThat(planned.action()).isEqualTo(new MountAction.MountImage("busybox", "bin"));
        assertThat(planned.point().rw()).isFalse();
        assertThat(planned.point().name()).isEqualTo("busybox");
        assertThat(plan.warnings()).containsExactly("Image mount is an experimental feature");
    }

    // --- API < 1.44: read-only binds are non-recursively read-only ---

    @Test
    void plan_defaultReadOnlyNonRecursive_setOnReadOnlyBindsOnly() {
        MountSpec roMount = MountSpec.builder(MountType.BIND).source("/srv/b").target("/b").readOnly(true).build();
        MountPlan plan = plan(MountRequest.builder().defaultReadOnlyNonRecursive(true)
                .bind("/srv/a:/a:ro").bind("/srv/a:/rw").bind("vol:/v:ro").mount(roMount));
        BindOptions nonRecursive = BindOptions.empty().withReadOnlyNonRecursive(true);
        assertThat(at(plan, "/a").point().spec().bindOptions()).isEqualTo(nonRecursive);
        assertThat(at(plan, "/b").point().spec().bindOptions()).isEqualTo(nonRecursive);
        assertThat(at(plan, "/rw").point().spec().bindOptions()).isNull();
        assertThat(at(plan, "/v").point().spec().bindOptions()).isNull();
        assertThat(OciMountOptions.bind(at(plan, "/a").point(), RroSupport.supported()))
                .containsExactly("rbind", "ro", "rprivate");
    }

    @Test
    void plan_api144ReadOnlyBind_recursivelyReadOnly() {
        MountPoint point = plan(MountRequest.builder().bind("/srv/a:/a:ro")).mounts().getFirst().point();
        assertThat(point.spec().bindOptions()).isNull();
        assertThat(OciMountOptions.bind(point, RroSupport.supported())).containsExactly("rbind", "rro", "rprivate");
    }

    // --- bind sources in the daemon root (TestMountDaemonRoot) ---

    record DaemonRoot(String name, String propagation, Propagation expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DaemonRoot> daemonRoot() {
        return Stream.of(new DaemonRoot("default", "", Propagation.RSLAVE),
                new DaemonRoot("private", "private", null), new DaemonRoot("rprivate", "rprivate", null),
                new DaemonRoot("slave", "slave", null), new DaemonRoot("rslave", "rslave", Propagation.RSLAVE),
                new DaemonRoot("shared", "shared", null), new DaemonRoot("rshared", "rshared", Propagation.RSHARED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemonRoot")
    void plan_bindInDaemonRoot_rslaveOrRejected(DaemonRoot c) {
        for (String source : List.of(ROOT, ROOT + "/containers")) {
            String suffix = c.propagation().isEmpty() ? "" : ":" + c.propagation();
            MountSpec mount = MountSpec.builder(MountType.BIND).source(source).target("/foo")
                    .bindOptions(new BindOptions(c.propagation(), false, false, false, false)).build();
            for (MountRequest.Builder request : List.of(MountRequest.builder().bind(source + ":/foo" + suffix),
                    MountRequest.builder().mount(mount))) {
                if (c.expected() != null) {
                    MountPoint point = plan(request).mounts().getFirst().point();
                    assertThat(point.propagation()).isEqualTo(c.expected());
                    assertThat(InspectMount.of(point).propagation()).isEqualTo(c.expected().wire());
                } else {
                    assertThatThrownBy(() -> plan(request))
                            .isInstanceOf(InvalidMountSpecException.class)
                            .hasMessage(MountErrors.daemonRootPropagation(ROOT, source, c.propagation()).getMessage())
                            .hasMessage("invalid mount config: must use either propagation mode \"rslave\" or"
                                    + " \"rshared\" when mount source is within the daemon root, daemon root: \""
                                    + ROOT + "\", bind mount source: \"" + source + "\", propagation: \""
                                    + c.propagation() + "\"");
                }
            }
        }
    }

    @Test
    void plan_hostRootBind_containsDaemonRootSoRslave() {
        MountPoint point = plan(MountRequest.builder().bind("/:/host")).mounts().getFirst().point();
        assertThat(point.propagation()).isEqualTo(Propagation.RSLAVE);
        assertThat(point.spec().bindOptions()).isNull();
    }

    @Test
    void plan_bindOutsideDaemonRoot_keepsDefaultPropagation() {
        assertThat(plan(MountRequest.builder().bind("/srv/a:/a")).mounts().getFirst().point().propagation())
                .isEqualTo(Propagation.RPRIVATE);
    }

    @Test
    void plan_volumeNamedLikeDaemonRoot_ruleIgnoresVolumes() {
        assertThat(plan(MountRequest.builder().bind("berth:/a")).mounts().getFirst().point().propagation()).isNull();
    }

    // --- validation order ---

    @Test
    void plan_badTmpfsDestination_rejected() {
        assertThatThrownBy(() -> plan(MountRequest.builder().tmpfs("foo", "")))
                .hasMessage("invalid mount path: 'foo' mount path must be absolute");
    }

    @Test
    void plan_badMountAndBadBind_mountReportedFirst() {
        assertThatThrownBy(() -> plan(MountRequest.builder().bind("/tmp:tmp")
                .mount(MountSpec.builder(MountType.VOLUME).build())))
                .hasMessage("invalid mount config for type \"volume\": field Target must not be empty");
    }

    @Test
    void plan_badBind_dockerText() {
        assertThatThrownBy(() -> plan(MountRequest.builder().bind("foo:/bar:shared")))
                .hasMessage("invalid volume specification: 'foo:/bar:shared': invalid mount config for type"
                        + " \"volume\": field BindOptions must not be specified");
    }
}
