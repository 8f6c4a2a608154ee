package dev.berth.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows of moby's validate_test.go, TestLinuxValidateMounts and §3.3. */
class MountSpecValidatorTest {

    private static final String DEST = "/foo";
    private static final String EXISTING = "/srv/existing";
    private static final BindSourceChecker SOURCES = FakeBindSources.existing(EXISTING);

    record Case(String name, MountSpec spec, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static MountSpec.Builder m(SpecType type) {
        return MountSpec.builder(type);
    }

    private static Case ok(String name, MountSpec spec) {
        return new Case(name, spec, null);
    }

    private static Case bad(String name, MountSpec spec, String type, String error) {
        return new Case(name, spec, "invalid mount config for type \"" + type + "\": " + error);
    }

    static Stream<Case> cases() {
        SpecType invalid = SpecType.fromWire("invalid");
        return Stream.of(
                bad("volume without target", m(MountType.VOLUME).build(), "volume", "field Target must not be empty"),
                ok("named volume", m(MountType.VOLUME).target(DEST).source("hello").build()),
                ok("anonymous volume", m(MountType.VOLUME).target(DEST).build()),
                ok("volume subpath", m(MountType.VOLUME).target(DEST).source("hello")
                        .volumeOptions(new VolumeOptions(false, null, "world", null)).build()),
                ok("volume subpath with inner dots", m(MountType.VOLUME).target(DEST).source("hello")
                        .volumeOptions(new VolumeOptions(false, null, "a/../b", null)).build()),
                bad("volume with BindOptions", m(MountType.VOLUME).target(DEST).source("hello")
                        .bindOptions(BindOptions.empty()).build(), "volume", "field BindOptions must not be specified"),
                bad("volume with ImageOptions", m(MountType.VOLUME).target(DEST).source("hello")
                        .imageOptions(new ImageOptions("")).build(), "volume",
                        "field ImageOptions must not be specified"),
                bad("volume with TmpfsOptions", m(MountType.VOLUME).target(DEST).source("hello")
                        .tmpfsOptions(TmpfsOptions.of(0, 0)).build(), "volume",
                        "field TmpfsOptions must not be specified"),
                bad("subpath on anonymous volume", m(MountType.VOLUME).target(DEST)
                        .volumeOptions(new VolumeOptions(false, null, "world", null)).build(), "volume",
                        "must not set Subpath when using anonymous volumes"),
                bad("subpath escaping", m(MountType.VOLUME).target(DEST).source("hello")
                        .volumeOptions(new VolumeOptions(false, null, "../../..", null)).build(), "volume",
                        "subpath must be a relative path within the volume"),
                bad("subpath absolute", m(MountType.VOLUME).target(DEST).source("hello")
                        .volumeOptions(new VolumeOptions(false, null, "/etc", null)).build(), "volume",
                        "subpath must be a relative path within the volume"),
                bad("bind without target", m(MountType.BIND).build(), "bind", "field Target must not be empty"),
                bad("bind without source", m(MountType.BIND).target(DEST).build(), "bind",
                        "field Source must not be empty"),
                bad("bind with VolumeOptions", m(MountType.BIND).target(DEST).source(EXISTING)
                        .volumeOptions(VolumeOptions.empty()).build(), "bind",
                        "field VolumeOptions must not be specified"),
                bad("bind with ImageOptions", m(MountType.BIND).target(DEST).source(EXISTING)
                        .imageOptions(new ImageOptions("")).build(), "bind",
                        "field ImageOptions must not be specified"),
                bad("bind with TmpfsOptions", m(MountType.BIND).target(DEST).source(EXISTING)
                        .tmpfsOptions(TmpfsOptions.of(0, 0)).build(), "bind",
                        "field TmpfsOptions must not be specified"),
                ok("bind of existing dir", m(MountType.BIND).source(EXISTING).target(DEST).build()),
                bad("bind source missing", m(MountType.BIND).source("/tmp/definitely-no-such-path")
                        .target("/data/anonymous-read-only-volume").build(), "bind",
                        "bind source path does not exist: /tmp/definitely-no-such-path"),
                ok("bind source missing, CreateMountpoint", m(MountType.BIND).source("/tmp/new").target(DEST)
                        .bindOptions(BindOptions.empty().withCreateMountpoint(true)).build()),
                bad("bind relative source", m(MountType.BIND).source("rel").target(DEST).build(), "bind",
                        "invalid mount path: 'rel' mount path must be absolute"),
                bad("bind bad propagation", m(MountType.BIND).source(EXISTING).target(DEST)
                        .bindOptions(new BindOptions("rwhatever", false, false, false, false)).build(), "bind",
                        "invalid propagation mode: rwhatever"),
                bad("propagation checked before VolumeOptions", m(MountType.BIND).source(EXISTING).target(DEST)
                        .bindOptions(new BindOptions("x", false, false, false, false))
                        .volumeOptions(VolumeOptions.empty()).build(), "bind", "invalid propagation mode: x"),
                bad("unknown type", m(invalid).target("/data/invalid-type").build(), "invalid", "mount type unknown"),
                bad("npipe is unknown on Linux", m(SpecType.fromWire("npipe")).target(DEST).build(), "npipe",
                        "mount type unknown"),
                bad("cluster is unknown on Linux", m(SpecType.fromWire("cluster")).target(DEST).build(), "cluster",
                        "mount type unknown"),
                bad("type is case-sensitive", m(SpecType.fromWire("Bind")).target(DEST).build(), "Bind",
                        "mount type unknown"),
                bad("target checked before type", m(invalid).build(), "invalid", "field Target must not be empty"),
                bad("target is root", m(MountType.VOLUME).target("/").build(), "volume",
                        "invalid specification: destination can't be '/'"),
                bad("target is //", m(MountType.VOLUME).target("//").build(), "volume",
                        "invalid specification: destination can't be '/'"),
                bad("target relative", m(MountType.VOLUME).target("foo").build(), "volume",
                        "invalid mount path: 'foo' mount path must be absolute"),
                bad("target with backslashes", m(MountType.VOLUME).target("a\\b").build(), "volume",
                        "invalid mount path: 'a/b' mount path must be absolute"),
                bad("image without target", m(MountType.IMAGE).build(), "image", "field Target must not be empty"),
                bad("image without source", m(MountType.IMAGE).target(DEST).build(), "image",
                        "field Source must not be empty"),
                ok("image", m(MountType.IMAGE).target(DEST).source("hello").build()),
                ok("image subpath", m(MountType.IMAGE).target(DEST).source("hello")
                        .imageOptions(new ImageOptions("world")).build()),
                bad("image subpath escaping", m(MountType.IMAGE).target(DEST).source("hello")
                        .imageOptions(new ImageOptions("..")).build(), "image",
                        "subpath must be a relative path within the volume"),
                bad("image with BindOptions", m(MountType.IMAGE).target(DEST).source("hello")
                        .bindOptions(BindOptions.empty()).build(), "image", "field BindOptions must not be specified"),
                bad("image with VolumeOptions", m(MountType.IMAGE).target(DEST).source("hello")
                        .volumeOptions(VolumeOptions.empty()).build(), "image",
                        "field VolumeOptions must not be specified"),
                ok("tmpfs", m(MountType.TMPFS).target(DEST).tmpfsOptions(TmpfsOptions.of(1 << 20, 0700)).build()),
                bad("tmpfs with source", m(MountType.TMPFS).target(DEST).source("x").build(), "tmpfs",
                        "field Source must not be specified"),
                bad("tmpfs with BindOptions", m(MountType.TMPFS).target(DEST).bindOptions(BindOptions.empty()).build(),
                        "tmpfs", "field BindOptions must not be specified"),
                bad("tmpfs bad option", m(MountType.TMPFS).target(DEST)
                        .tmpfsOptions(new TmpfsOptions(0, 0, List.of(List.of("INVALID")))).build(), "tmpfs",
                        "invalid option: INVALID"),
                bad("tmpfs option array length", m(MountType.TMPFS).target(DEST)
                        .tmpfsOptions(new TmpfsOptions(0, 0, List.of(List.of("exec", "a", "b")))).build(), "tmpfs",
                        "invalid option array length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validate_spec_matchesDocker(Case c) {
        if (c.error() == null) {
            assertThatCode(() -> MountSpecValidator.validate(c.spec(), SOURCES)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> MountSpecValidator.validate(c.spec(), SOURCES))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void parse_statFails_errorSurfacedVerbatim() {
        MountSpec spec = m(MountType.BIND).source("/bananas").target("/bananas").build();
        assertThatThrownBy(() -> MountSpecValidator.parse(spec, FakeBindSources.failing("/bananas",
                "some crazy error")))
                .isInstanceOf(InvalidMountSpecException.class)
                .hasMessage("invalid mount config for type \"bind\": some crazy error");
    }

    @Test
    void parse_bindWithTrailingSlashes_sourceAndDestinationCleaned() {
        MountSpec spec = m(MountType.BIND).source(EXISTING + "/").target("/dest/").build();
        MountPoint point = MountSpecValidator.parse(spec, FakeBindSources.existing(EXISTING + "/"));
        assertThat(point).isEqualTo(MountPoint.builder(MountType.BIND, spec).source(EXISTING).destination("/dest")
                .rw(true).propagation(Propagation.RPRIVATE).build());
    }

    @Test
    void parse_readOnlyAnonymousVolume_rejectedAsDockerdDoes() {
        // §7.3's row from linux_parser_test.go expects RW=false here; dockerd itself refuses the spec, and a
        // client sees dockerd, so berth follows dockerd.
        MountSpec spec = m(MountType.VOLUME).target("/data/anonymous-read-only-volume").readOnly(true).build();
        assertThatThrownBy(() -> MountSpecValidator.parse(spec, SOURCES))
                .isInstanceOf(InvalidMountSpecException.class)
                .hasMessage("invalid mount config for type \"volume\": must not set ReadOnly mode when using"
                        + " anonymous volumes");
    }

    @Test
    void parse_readOnlyNamedVolume_notRwButCopies() {
        MountSpec spec = m(MountType.VOLUME).source("named").target("/data/ro").readOnly(true).build();
        MountPoint point = MountSpecValidator.parse(spec, SOURCES);
        assertThat(point).isEqualTo(MountPoint.builder(MountType.VOLUME, spec).name("named")
                .destination("/data/ro").rw(false).copyData(true).build());
    }

    @Test
    void parse_volumeWithDriverAndNoCopy_takesDriverAndSkipsCopy() {
        VolumeOptions options = new VolumeOptions(true, Map.of("a", "b"), "sub",
                new VolumeOptions.DriverConfig("nfs", Map.of("o", "addr=1")));
        MountSpec spec = m(MountType.VOLUME).source("v").target("/v").volumeOptions(options).build();
        MountPoint point = MountSpecValidator.parse(spec, SOURCES);
        assertThat(point.name()).isEqualTo("v");
        assertThat(point.driver()).isEqualTo("nfs");
        assertThat(point.copyData()).isFalse();
        assertThat(point.subpath()).isEqualTo("sub");
        assertThat(point.anonymous()).isFalse();
        assertThat(point.propagation()).isNull();
    }

    @Test
    void parse_bindWithPropagation_keepsIt() {
        MountSpec spec = m(MountType.BIND).source(EXISTING).target(DEST)
                .bindOptions(BindOptions.withPropagation(Propagation.RSLAVE)).build();
        assertThat(MountSpecValidator.parse(spec, SOURCES).propagation()).isEqualTo(Propagation.RSLAVE);
    }

    @Test
    void parse_image_rprivateAndSourceKept() {
        MountSpec spec = m(MountType.IMAGE).source("busybox:latest").target("/img")
                .imageOptions(new ImageOptions("bin")).build();
        MountPoint point = MountSpecValidator.parse(spec, SOURCES);
        assertThat(point.source()).isEqualTo("busybox:latest");
        assertThat(point.propagation()).isEqualTo(Propagation.RPRIVATE);
        assertThat(point.subpath()).isEqualTo("bin");
    }
}
