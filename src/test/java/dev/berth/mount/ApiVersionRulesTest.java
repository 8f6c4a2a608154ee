package dev.berth.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** postContainersCreate's version rules (§1.10, §3.4). */
class ApiVersionRulesTest {

    private static final MountSpec BIND = MountSpec.builder(MountType.BIND).source("/src").target("/dst").build();
    private static final MountSpec VOLUME = MountSpec.builder(MountType.VOLUME).source("v").target("/v").build();
    private static final MountSpec TMPFS = MountSpec.builder(MountType.TMPFS).target("/t").build();
    private static final MountSpec IMAGE = MountSpec.builder(MountType.IMAGE).source("busybox").target("/i").build();

    record Case(String name, String version, MountSpec input, MountSpec expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        MountSpec bindAllOptions = BIND.withBindOptions(new BindOptions("rslave", true, true, false, false));
        MountSpec bindWithVolumeOptions = BIND.withVolumeOptions(VolumeOptions.empty());
        MountSpec volumeWithBindOptions = VOLUME.withBindOptions(BindOptions.empty());
        MountSpec volumeWithTmpfsOptions = VOLUME.withTmpfsOptions(TmpfsOptions.of(1, 0));
        MountSpec tmpfsWithVolumeOptions = TMPFS.withVolumeOptions(VolumeOptions.empty());
        MountSpec forceRecursive = BIND.withBindOptions(BindOptions.empty().withReadOnlyForceRecursive(true));
        MountSpec subpath = VOLUME.withVolumeOptions(new VolumeOptions(false, null, "sub", null));
        MountSpec tmpfsExec = TMPFS.withTmpfsOptions(new TmpfsOptions(0, 0, List.of(List.of("exec"))));
        return Stream.of(
                new Case("1.39 drops NonRecursive and CreateMountpoint", "1.39", bindAllOptions,
                        BIND.withBindOptions(new BindOptions("rslave", false, false, false, false)), null),
                new Case("1.40 keeps NonRecursive", "1.40", bindAllOptions,
                        BIND.withBindOptions(new BindOptions("rslave", true, false, false, false)), null),
                new Case("1.42 keeps CreateMountpoint", "1.42", bindAllOptions, bindAllOptions, null),
                // moby's pre-1.42 reset loop works on copies: the blocks stay and the validator rejects them.
                new Case("1.41 keeps VolumeOptions on bind", "1.41", bindWithVolumeOptions, bindWithVolumeOptions,
                        null),
                new Case("1.41 keeps TmpfsOptions on volume", "1.41", volumeWithTmpfsOptions, volumeWithTmpfsOptions,
                        null),
                new Case("1.41 keeps VolumeOptions on tmpfs", "1.41", tmpfsWithVolumeOptions, tmpfsWithVolumeOptions,
                        null),
                new Case("1.41 keeps BindOptions on volume (validation rejects it)", "1.41", volumeWithBindOptions,
                        volumeWithBindOptions, null),
                new Case("1.42 rejects VolumeOptions on bind", "1.42", bindWithVolumeOptions, null,
                        "VolumeOptions must not be specified on mount type \"bind\""),
                new Case("1.42 rejects BindOptions on volume", "1.42", volumeWithBindOptions, null,
                        "BindOptions must not be specified on mount type \"volume\""),
                new Case("1.42 rejects TmpfsOptions on volume", "1.42", volumeWithTmpfsOptions, null,
                        "TmpfsOptions must not be specified on mount type \"volume\""),
                new Case("1.44 rejects VolumeOptions on tmpfs", "1.44", tmpfsWithVolumeOptions, null,
                        "VolumeOptions must not be specified on mount type \"tmpfs\""),
                new Case("1.42 rejects options on an unknown type by name", "1.42",
                        MountSpec.builder(SpecType.fromWire("npipe")).target("/p").bindOptions(BindOptions.empty())
                                .build(), null, "BindOptions must not be specified on mount type \"npipe\""),
                new Case("1.43 rejects ReadOnlyForceRecursive", "1.43", forceRecursive, null,
                        "BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer"),
                new Case("1.44 accepts ReadOnlyForceRecursive", "1.44", forceRecursive, forceRecursive, null),
                new Case("1.44 rejects Subpath", "1.44", subpath, null,
                        "VolumeOptions.Subpath needs API v1.45 or newer"),
                new Case("1.45 accepts Subpath", "1.45", subpath, subpath, null),
                new Case("1.41 rejects a Subpath even on a non-volume", "1.41",
                        BIND.withVolumeOptions(new VolumeOptions(false, null, "sub", null)), null,
                        "VolumeOptions.Subpath needs API v1.45 or newer"),
                new Case("1.24 keeps TmpfsOptions.Options (never gated)", "1.24", tmpfsExec, tmpfsExec, null),
                new Case("1.47 rejects image mounts", "1.47", IMAGE, null,
                        "Mount type \"Image\" needs API v1.48 or newer"),
                new Case("1.48 accepts image mounts", "1.48", IMAGE, IMAGE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalise_mount_byVersion(Case c) {
        ApiVersion version = ApiVersion.parse(c.version());
        if (c.error() == null) {
            assertThat(ApiVersionRules.normalise(List.of(c.input()), "", version).mounts())
                    .containsExactly(c.expected());
        } else {
            assertThatThrownBy(() -> ApiVersionRules.normalise(List.of(c.input()), "", version))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void normalise_before144_readOnlyNonRecursiveByDefault() {
        assertThat(ApiVersionRules.normalise(List.of(), "", ApiVersion.parse("1.43")).defaultReadOnlyNonRecursive())
                .isTrue();
        assertThat(ApiVersionRules.normalise(List.of(), "", ApiVersion.V1_44).defaultReadOnlyNonRecursive())
                .isFalse();
    }

    @Test
    void normalise_volumeDriverWithMountVolume_warnsFrom148() {
        List<MountSpec> mounts = List.of(VOLUME);
        assertThat(ApiVersionRules.normalise(mounts, "nfs", ApiVersion.V1_48).warnings())
                .containsExactly(ApiVersionRules.VOLUME_DRIVER_WARNING);
        assertThat(ApiVersionRules.normalise(mounts, "nfs", ApiVersion.parse("1.47")).warnings()).isEmpty();
        assertThat(ApiVersionRules.normalise(mounts, "", ApiVersion.V1_48).warnings()).isEmpty();
        MountSpec withDriver = VOLUME.withVolumeOptions(
                new VolumeOptions(false, null, "", new VolumeOptions.DriverConfig("nfs", null)));
        assertThat(ApiVersionRules.normalise(List.of(withDriver), "nfs", ApiVersion.V1_48).warnings()).isEmpty();
        assertThat(ApiVersionRules.VOLUME_DRIVER_WARNING).isEqualTo("WARNING: the container-wide volume-driver"
                + " configuration is ignored for volumes specified via 'mount'. Use '--mount"
                + " type=volume,volume-driver=...' instead");
    }

    @Test
    void normalise_multipleMounts_firstOffenderReported() {
        List<MountSpec> mounts = List.of(VOLUME, TMPFS.withBindOptions(BindOptions.empty()),
                BIND.withVolumeOptions(VolumeOptions.empty()));
        assertThatThrownBy(() -> ApiVersionRules.normalise(mounts, "", ApiVersion.V1_48))
                .hasMessage("BindOptions must not be specified on mount type \"tmpfs\"");
    }
}
