package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows of moby's linux_parser_test.go (TestLinuxParseMountRaw, ...Split) and §3.2 consequences. */
class BindSpecParserTest {

    record Valid(String name, String raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Invalid(String name, String raw, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Split(String name, String raw, String driver, MountPoint expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                "/home", "/home:/home", "/home:/something/else", "/with space", "/home:/with space",
                "relative:/absolute-path", "hostPath:/containerPath:ro", "/hostPath:/containerPath:rw", "/rw:/ro",
                "/hostPath:/containerPath:shared", "/hostPath:/containerPath:rshared",
                "/hostPath:/containerPath:slave", "/hostPath:/containerPath:rslave",
                "/hostPath:/containerPath:private", "/hostPath:/containerPath:rprivate",
                "/hostPath:/containerPath:ro,shared", "/hostPath:/containerPath:ro,slave",
                "/hostPath:/containerPath:ro,private", "/hostPath:/containerPath:ro,z,shared",
                "/hostPath:/containerPath:ro,Z,slave", "/hostPath:/containerPath:Z,ro,slave",
                "/hostPath:/containerPath:slave,Z,ro", "/hostPath:/containerPath:Z,slave,ro",
                "/hostPath:/containerPath:slave,ro,Z", "/hostPath:/containerPath:rslave,ro,Z",
                "/hostPath:/containerPath:ro,rshared,Z", "/hostPath:/containerPath:ro,Z,rprivate",
                "/hostPath:/containerPath:cached", "/hostPath:/containerPath:ro,delegated,z",
                "name:/data:nocopy", "name:/data:ro,nocopy,consistent", "/:/host")
                .map(raw -> new Valid(raw, raw));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parse_validSpec_accepted(Valid c) {
        assertThat(BindSpecParser.parse(c.raw(), "local")).isNotNull();
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                spec(""), spec(":"), spec("/tmp:"), spec(":test"), spec(":/test"), spec("tmp:"), spec(":test:"),
                spec("::"), spec(":::"), spec("/tmp:::"), spec(":/tmp::"),
                spec("/path:rw"), spec("/path:ro"), spec("/rw:rw"), spec("path:ro"),
                spec("/path:shared"), spec("/path:slave"), spec("/path:private"),
                wrapped("./", "volume", "invalid mount path: './' mount path must be absolute"),
                wrapped("../", "volume", "invalid mount path: '../' mount path must be absolute"),
                wrapped("/:../", "bind", "invalid mount path: '../' mount path must be absolute"),
                wrapped("/:path", "bind", "invalid mount path: 'path' mount path must be absolute"),
                wrapped("/:/", "bind", "invalid specification: destination can't be '/'"),
                wrapped("/tmp://", "bind", "invalid specification: destination can't be '/'"),
                mode("/path:/path:sw", "sw"), mode("/path:/path:rwz", "rwz"),
                mode("/path:/path:ro,rshared,rslave", "ro,rshared,rslave"),
                mode("/path:/path:ro,z,rshared,rslave", "ro,z,rshared,rslave"),
                mode("/path:/path:ro,rw", "ro,rw"), mode("/path:/path:z,Z", "z,Z"),
                mode("/path:/path:ro,", "ro,"), mode("/foo:/bar:copy", "copy"),
                mode("/tmp:/tmp4:foo", "foo"),
                bindOptionsOnVolume("shared"), bindOptionsOnVolume("rshared"), bindOptionsOnVolume("slave"),
                bindOptionsOnVolume("rslave"), bindOptionsOnVolume("private"), bindOptionsOnVolume("rprivate"),
                wrapped("/foo:/bar:nocopy", "bind", "field VolumeOptions must not be specified"),
                new Invalid("/tmp:tmp", "/tmp:tmp", "invalid volume specification: '/tmp:tmp': invalid mount config"
                        + " for type \"bind\": invalid mount path: 'tmp' mount path must be absolute"));
    }

    private static Invalid spec(String raw) {
        return new Invalid("'" + raw + "'", raw, "invalid volume specification: '" + raw + "'");
    }

    private static Invalid wrapped(String raw, String type, String error) {
        return new Invalid(raw, raw, "invalid volume specification: '" + raw + "': invalid mount config for type \""
                + type + "\": " + error);
    }

    private static Invalid mode(String raw, String mode) {
        return new Invalid(raw, raw, "invalid mode: " + mode);
    }

    private static Invalid bindOptionsOnVolume(String propagation) {
        return wrapped("name:/absolute-path:" + propagation, "volume", "field BindOptions must not be specified");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void parse_invalidSpec_rejectedWithDockerText(Invalid c) {
        assertThatThrownBy(() -> BindSpecParser.parse(c.raw(), "local"))
                .isInstanceOf(InvalidMountSpecException.class)
                .hasMessage(c.error());
    }

    static Stream<Split> split() {
        MountSpec tmp1 = MountSpec.builder(MountType.BIND).source("/tmp").target("/tmp1").build();
        MountSpec tmp2 = MountSpec.builder(MountType.BIND).source("/tmp").target("/tmp2").readOnly(true).build();
        MountSpec tmp3 = MountSpec.builder(MountType.BIND).source("/tmp").target("/tmp3").build();
        MountSpec named1 = MountSpec.builder(MountType.VOLUME).source("name").target("/named1").build();
        MountSpec named2 = MountSpec.builder(MountType.VOLUME).source("name").target("/named2")
                .volumeOptions(driver("external")).build();
        MountSpec named3 = MountSpec.builder(MountType.VOLUME).source("name").target("/named3").readOnly(true)
                .volumeOptions(driver("local")).build();
        MountSpec localName = MountSpec.builder(MountType.VOLUME).source("local/name").target("/tmp").build();
        MountSpec anonymous = MountSpec.builder(MountType.VOLUME).target("/data/").volumeOptions(driver("external"))
                .build();
        MountSpec nocopy = MountSpec.builder(MountType.VOLUME).source("cache").target("/cache")
                .volumeOptions(VolumeOptions.empty().withNoCopy(true)).build();
        MountSpec shared = MountSpec.builder(MountType.BIND).source("/src/").target("//dst/./x")
                .readOnly(true).bindOptions(BindOptions.withPropagation(Propagation.RSHARED)).build();
        return Stream.of(
                new Split("/tmp:/tmp1", "/tmp:/tmp1", "", MountPoint.builder(MountType.BIND, tmp1)
                        .source("/tmp").destination("/tmp1").rw(true).propagation(Propagation.RPRIVATE).build()),
                new Split("/tmp:/tmp2:ro", "/tmp:/tmp2:ro", "", MountPoint.builder(MountType.BIND, tmp2)
                        .source("/tmp").destination("/tmp2").rw(false).mode("ro")
                        .propagation(Propagation.RPRIVATE).build()),
                new Split("/tmp:/tmp3:rw", "/tmp:/tmp3:rw", "", MountPoint.builder(MountType.BIND, tmp3)
                        .source("/tmp").destination("/tmp3").rw(true).mode("rw")
                        .propagation(Propagation.RPRIVATE).build()),
                new Split("name:/named1", "name:/named1", "", MountPoint.builder(MountType.VOLUME, named1)
                        .destination("/named1").rw(true).name("name").copyData(true).build()),
                new Split("name:/named2 external", "name:/named2", "external",
                        MountPoint.builder(MountType.VOLUME, named2).destination("/named2").rw(true).name("name")
                                .driver("external").copyData(true).build()),
                new Split("name:/named3:ro local", "name:/named3:ro", "local",
                        MountPoint.builder(MountType.VOLUME, named3).destination("/named3").rw(false).name("name")
                                .driver("local").mode("ro").copyData(true).build()),
                new Split("local/name:/tmp:rw", "local/name:/tmp:rw", "",
                        MountPoint.builder(MountType.VOLUME, localName).destination("/tmp").rw(true)
                                .name("local/name").mode("rw").copyData(true).build()),
                new Split("anonymous /data/", "/data/", "external",
                        MountPoint.builder(MountType.VOLUME, anonymous).destination("/data").rw(true)
                                .driver("external").copyData(true).build()),
                new Split("cache:/cache:nocopy", "cache:/cache:nocopy", "",
                        MountPoint.builder(MountType.VOLUME, nocopy).destination("/cache").rw(true).name("cache")
                                .mode("nocopy").copyData(false).build()),
                new Split("unclean paths, rshared", "/src/://dst/./x:rshared,ro", "",
                        MountPoint.builder(MountType.BIND, shared).source("/src").destination("/dst/x").rw(false)
                                .mode("rshared,ro").propagation(Propagation.RSHARED).build()));
    }

    private static VolumeOptions driver(String name) {
        return new VolumeOptions(false, Map.of(), "", new VolumeOptions.DriverConfig(name, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("split")
    void parse_spec_yieldsMobyMountPoint(Split c) {
        assertThat(BindSpecParser.parse(c.raw(), c.driver())).isEqualTo(c.expected());
    }
}
