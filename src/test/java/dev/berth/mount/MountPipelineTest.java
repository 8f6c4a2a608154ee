package dev.berth.mount;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path the container service takes, on the create body of engine-wire §C.1:
 * {@code -v vol:/data -v /tmp/hostdir:/ro:ro,rslave --tmpfs /run:size=64m,mode=1777
 * --mount type=volume,src=v2,dst=/v2,volume-nocopy}.
 */
class MountPipelineTest {

    @Test
    void createThenStart_cliRunExample_ociMountsAsDockerEmits() {
        MountSpec v2 = MountSpec.builder(MountType.VOLUME).source("v2").target("/v2")
                .volumeOptions(new VolumeOptions(true, null, "", new VolumeOptions.DriverConfig("", null))).build();
        NormalisedMounts normalised = ApiVersionRules.normalise(List.of(v2), "", ApiVersion.parse("1.50"));
        MountRequest request = MountRequest.builder().normalised(normalised)
                .binds(List.of("vol:/data", "/tmp/hostdir:/ro:ro,rslave"))
                .tmpfs("/run", "size=64m,mode=1777")
                .build();

        MountPlan plan = new MountPlanner("/var/lib/berth", FakeBindSources.existing()).plan(request);

        assertThat(plan.mounts()).extracting(PlannedMount::action).containsExactly(
                new MountAction.EnsureVolume("vol", "", Map.of(), Map.of()),
                new MountAction.BindHost("/tmp/hostdir", true),
                new MountAction.EnsureVolume("v2", "", Map.of(), Map.of()));
        List<MountPoint> resolved = plan.mounts().stream().map(m -> switch (m.action()) {
            case MountAction.EnsureVolume v -> m.withVolume(v.name(), "local",
                    "/var/lib/berth/volumes/" + v.name() + "/_data");
            default -> m.point();
        }).toList();

        assertThat(InspectMount.of(resolved)).containsExactly(
                new InspectMount("volume", "vol", "/var/lib/berth/volumes/vol/_data", "/data", "local", "z", true, ""),
                new InspectMount("bind", "", "/tmp/hostdir", "/ro", "", "ro,rslave", false, "rslave"),
                new InspectMount("volume", "v2", "/var/lib/berth/volumes/v2/_data", "/v2", "local", "z", true, ""));
        assertThat(resolved.get(2).copyData()).isFalse();

        assertThat(OciMountOptions.build(resolved, plan.tmpfs(), RroSupport.supported())).containsExactly(
                new OciMount("/data", "bind", "/var/lib/berth/volumes/vol/_data", List.of("rbind")),
                new OciMount("/ro", "bind", "/tmp/hostdir", List.of("rbind", "rro", "rslave")),
                new OciMount("/v2", "bind", "/var/lib/berth/volumes/v2/_data", List.of("rbind")),
                new OciMount("/run", "tmpfs", "tmpfs",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "size=64m", "mode=1777")));
        assertThat(OciMountOptions.rootfsPropagation("", Propagation.RSLAVE)).isEqualTo("rslave");
    }
}
