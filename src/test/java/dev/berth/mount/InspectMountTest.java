package dev.berth.mount;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docker inspect Mounts[] (§2.4, TestInspectBindMountPoint, TestContainerBindMountInspect). */
class InspectMountTest {

    @Test
    void of_bindWithLabelMode_showsRawModeAndRprivate() {
        assertThat(InspectMount.of(BindSpecParser.parse("/data:/data:z", "")))
                .isEqualTo(new InspectMount("bind", "", "/data", "/data", "", "z", true, "rprivate"));
    }

    @Test
    void of_readOnlySharedBind_modeAndPropagation() {
        assertThat(InspectMount.of(BindSpecParser.parse("/data:/data:ro,rshared", "")))
                .isEqualTo(new InspectMount("bind", "", "/data", "/data", "", "ro,rshared", false, "rshared"));
    }

    @Test
    void of_mountsTmpfs_emptySource() {
        MountPoint tmpfs = MountSpecValidator.parse(MountSpec.builder(MountType.TMPFS).target("/t").build(),
                FakeBindSources.existing());
        assertThat(InspectMount.of(List.of(tmpfs)))
                .containsExactly(new InspectMount("tmpfs", "", "", "/t", "", "", true, ""));
    }
}
