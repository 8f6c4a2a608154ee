package dev.berth.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** withMounts / setupMounts options (§4.4-§4.8, engine-wire §B.2). */
class OciMountOptionsTest {

    private static final RroSupport RRO = RroSupport.supported();
    private static final RroSupport NO_RRO = RroSupport.runtimeLacksRro("runc");

    record Case(String name, MountPoint point, RroSupport rro, List<String> expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static MountPoint bind(String raw) {
        return BindSpecParser.parse(raw, "");
    }

    private static MountPoint bindWith(boolean readOnly, BindOptions options) {
        MountSpec spec = MountSpec.builder(MountType.BIND).source("/s").target("/d").readOnly(readOnly)
                .bindOptions(options).build();
        return MountSpecValidator.parse(spec, FakeBindSources.existing("/s"));
    }

    static Stream<Case> cases() {
        BindOptions force = BindOptions.empty().withReadOnlyForceRecursive(true);
        BindOptions nonRecursiveRo = BindOptions.empty().withReadOnlyNonRecursive(true);
        MountPoint image = MountSpecValidator.parse(MountSpec.builder(MountType.IMAGE).source("busybox")
                .target("/i").build(), FakeBindSources.existing()).toBuilder().rw(false).build();
        return Stream.of(
                new Case("named volume", bind("vol:/data"), RRO, List.of("rbind"), null),
                new Case("read-only volume, rro", bind("vol:/data:ro"), RRO, List.of("rbind", "rro"), null),
                new Case("read-only volume, no rro", bind("vol:/data:ro"), NO_RRO, List.of("rbind", "ro"), null),
                new Case("bind", bind("/s:/d"), RRO, List.of("rbind", "rprivate"), null),
                new Case("read-only bind, rro", bind("/s:/d:ro"), RRO, List.of("rbind", "rro", "rprivate"), null),
                new Case("read-only bind, no rro", bind("/s:/d:ro"), NO_RRO, List.of("rbind", "ro", "rprivate"), null),
                new Case("rslave", bind("/s:/d:ro,rslave"), RRO, List.of("rbind", "rro", "rslave"), null),
                new Case("shared", bind("/s:/d:shared"), RRO, List.of("rbind", "shared"), null),
                new Case("non-recursive", bindWith(false, BindOptions.empty().withNonRecursive(true)), RRO,
                        List.of("bind", "rprivate"), null),
                new Case("read-only non-recursive", bindWith(true, nonRecursiveRo), RRO,
                        List.of("rbind", "ro", "rprivate"), null),
                new Case("force recursive, rro", bindWith(true, force), RRO, List.of("rbind", "rro", "rprivate"), null),
                new Case("force recursive, runtime without rro", bindWith(true, force), NO_RRO, null,
                        "rro is not supported by runtime \"runc\""),
                new Case("force recursive, old kernel", bindWith(true, force),
                        RroSupport.kernelTooOld("failed to call mount_setattr: function not implemented"), null,
                        "rro is not supported: failed to call mount_setattr: function not implemented"
                                + " (kernel is older than 5.12?)"),
                new Case("force recursive, no features", bindWith(true, force),
                        RroSupport.runtimeFeaturesUnavailable("runc"), null,
                        "rro is not supported by runtime \"runc\": OCI features struct is not available"),
                new Case("writable with ReadOnlyNonRecursive", bindWith(false, nonRecursiveRo), RRO, null,
                        "mount options conflict: !ReadOnly && BindOptions.ReadOnlyNonRecursive"),
                new Case("writable with ReadOnlyForceRecursive", bindWith(false, force), RRO, null,
                        "mount options conflict: !ReadOnly && BindOptions.ReadOnlyForceRecursive"),
                new Case("both read-only modes", bindWith(true, nonRecursiveRo.withReadOnlyForceRecursive(true)), RRO,
                        null, "mount options conflict: ReadOnlyNonRecursive && BindOptions.ReadOnlyForceRecursive"),
                new Case("image", image, RRO, List.of("rbind", "rro", "rprivate"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bind_mountPoint_ociOptions(Case c) {
        if (c.error() == null) {
            assertThat(OciMountOptions.bind(c.point(), c.rro())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> OciMountOptions.bind(c.point(), c.rro()))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void tmpfs_defaults_noexecNosuidNodevRprivate() {
        assertThat(OciMountOptions.tmpfs("")).containsExactly("noexec", "nosuid", "nodev", "rprivate");
        assertThat(OciMountOptions.tmpfs("exec,size=64m")).containsExactly("nosuid", "nodev", "rprivate", "exec",
                "size=64m");
        assertThat(OciMountOptions.tmpfs("ro,mode=1777")).containsExactly("noexec", "nosuid", "nodev", "rprivate",
                "ro", "mode=1777");
        assertThatThrownBy(() -> OciMountOptions.tmpfs("foobar")).hasMessage("invalid tmpfs option \"foobar\"");
    }

    @Test
    void build_tmpfsAndBindBelow_parentsFirst() {
        // TestRunTmpfsMountsEnsureOrdered: --tmpfs /run + -v file:/run/test
        MountPoint file = bind("/srv/file:/run/test");
        List<OciMount> mounts = OciMountOptions.build(List.of(file), Map.of("/run", ""), RRO);
        assertThat(mounts).containsExactly(
                new OciMount("/run", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev", "rprivate")),
                new OciMount("/run/test", "bind", "/srv/file", List.of("rbind", "rprivate")));
    }

    @Test
    void build_relativeDestination_resolvedFromTheContainerRoot() {
        // `-v a:/x` reaches the daemon as the anonymous volume "a:/x"; runc would resolve it against the root.
        MountPoint relative = MountPoint.builder(MountType.VOLUME, MountSpec.builder(MountType.VOLUME).target("a:/x")
                .build()).destination("a:/x").source("/vol/_data").rw(true).build();
        assertThat(OciMountOptions.build(List.of(relative), Map.of(), RRO))
                .containsExactly(new OciMount("/a:/x", "bind", "/vol/_data", List.of("rbind")));
        assertThat(OciMountOptions.inContainer("../x/./y")).isEqualTo("/x/y");
        assertThat(OciMountOptions.inContainer("/abs")).isEqualTo("/abs");
    }

    @Test
    void build_nestedBinds_parentsFirst() {
        // TestRunMountOrdering
        List<MountPoint> points = List.of(bind("/a/b:/tmp/foo/bar"), bind("/a:/tmp/foo"), bind("/c:/tmp"),
                bind("/d:/another"));
        assertThat(OciMountOptions.build(points, Map.of(), RRO)).extracting(OciMount::destination)
                .containsExactly("/tmp", "/another", "/tmp/foo", "/tmp/foo/bar");
    }

    @Test
    void build_mountsTmpfs_convertedAndMergedWithDefaults() {
        MountPoint tmpfs = MountSpecValidator.parse(MountSpec.builder(MountType.TMPFS).target("/t").readOnly(true)
                .tmpfsOptions(new TmpfsOptions(4096 * 1024, 0700, List.of(List.of("exec")))).build(),
                FakeBindSources.existing());
        assertThat(OciMountOptions.build(List.of(tmpfs), Map.of(), RRO)).containsExactly(new OciMount("/t", "tmpfs",
                "tmpfs", List.of("nosuid", "nodev", "rprivate", "ro", "mode=700", "size=4m", "exec")));
    }

    @Test
    void build_mountPointUnderHostTmpfs_shadowed() {
        MountPoint volume = bind("vol:/run");
        assertThat(OciMountOptions.build(List.of(volume), Map.of("/run", "size=1m"), RRO))
                .containsExactly(new OciMount("/run", "tmpfs", "tmpfs",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "size=1m")));
    }

    @Test
    void build_resolvedVolume_usesVolumePath() {
        PlannedMount planned = new MountPlanner("/var/lib/berth", FakeBindSources.existing())
                .plan(MountRequest.builder().bind("vol:/data").build()).mounts().getFirst();
        MountPoint resolved = planned.withVolume("vol", "local", "/var/lib/berth/volumes/vol/_data");
        assertThat(OciMountOptions.build(List.of(resolved), Map.of(), RRO)).containsExactly(
                new OciMount("/data", "bind", "/var/lib/berth/volumes/vol/_data", List.of("rbind")));
    }

    @Test
    void rootfsPropagation_byMountPropagation() {
        assertThat(OciMountOptions.rootfsPropagation("", Propagation.RSHARED)).isEqualTo("shared");
        assertThat(OciMountOptions.rootfsPropagation("rshared", Propagation.SHARED)).isEqualTo("rshared");
        assertThat(OciMountOptions.rootfsPropagation("", Propagation.SLAVE)).isEqualTo("rslave");
        assertThat(OciMountOptions.rootfsPropagation("shared", Propagation.RSLAVE)).isEqualTo("shared");
        assertThat(OciMountOptions.rootfsPropagation("rprivate", Propagation.RPRIVATE)).isEqualTo("rprivate");
    }
}
