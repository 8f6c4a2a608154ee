package dev.berth.mount;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolving planned mounts after their volume or image exists (setBindModeIfNull, §2.3-§2.4). */
class PlannedMountTest {

    private static final MountPlanner PLANNER = new MountPlanner("/var/lib/berth", FakeBindSources.existing("/s"));

    private static PlannedMount only(MountRequest.Builder request) {
        return PLANNER.plan(request.build()).mounts().getFirst();
    }

    @Test
    void withVolume_localVolumeFromBinds_modeZ() {
        MountPoint point = only(MountRequest.builder().bind("data:/data")).withVolume("data", "local", "/p");
        assertThat(InspectMount.of(point)).isEqualTo(new InspectMount("volume", "data", "/p", "/data", "local", "z",
                true, ""));
    }

    @Test
    void withVolume_localVolumeWithMode_modeKept() {
        assertThat(only(MountRequest.builder().bind("data:/data:ro")).withVolume("data", "local", "/p").mode())
                .isEqualTo("ro");
    }

    @Test
    void withVolume_pluginVolume_modeEmpty() {
        assertThat(only(MountRequest.builder().bind("data:/data")).withVolume("data", "nfs", "/p").mode()).isEmpty();
    }

    @Test
    void withVolume_anonymousMountVolume_nameFromServiceAndModeZ() {
        PlannedMount planned = only(MountRequest.builder()
                .mount(MountSpec.builder(MountType.VOLUME).target("/foo/").build()));
        MountPoint point = planned.withVolume("a".repeat(64), "local", "/v/_data");
        assertThat(point.name()).hasSize(64);
        assertThat(point.mode()).isEqualTo("z");
        assertThat(point.destination()).isEqualTo("/foo");
        assertThat(point.anonymous()).isTrue();
    }

    @Test
    void withVolume_configVolume_modeStaysEmpty() {
        MountPoint point = only(MountRequest.builder().configVolumes(List.of("/data")))
                .withVolume("b".repeat(64), "local", "/v/_data");
        assertThat(InspectMount.of(point)).isEqualTo(new InspectMount("volume", "b".repeat(64), "/v/_data", "/data",
                "local", "", true, ""));
    }

    @Test
    void withVolume_onBind_rejected() {
        assertThatThrownBy(() -> only(MountRequest.builder().bind("/s:/d")).withVolume("x", "local", "/p"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withImage_imageMount_specRecordsImageId() {
        PlannedMount planned = only(MountRequest.builder().mount(MountSpec.builder(MountType.IMAGE)
                .source("busybox:latest").target("/img").build()));
        MountPoint point = planned.withImage("sha256:abc", "/layers/x");
        assertThat(point.spec().source()).isEqualTo("sha256:abc");
        assertThat(InspectMount.of(point)).isEqualTo(new InspectMount("image", "busybox:latest", "/layers/x", "/img",
                "", "", false, "rprivate"));
    }
}
