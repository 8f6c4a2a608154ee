package dev.berth.volume;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Create, inspect, reference and remove (docker-storage-semantics §1.4-1.6). */
class VolumeServiceTest {

    @TempDir
    Path dir;

    private ServiceFixture fx;
    private VolumeService svc;

    @BeforeEach
    void setUp() {
        fx = new ServiceFixture(dir, new MemoryDriver("fake"));
        svc = fx.service;
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static CreateVolume create(String name, String driver, Map<String, String> opts,
                                       Map<String, String> labels) {
        return new CreateVolume(name, driver, opts, labels, null);
    }

    @Test
    void create_named_localVolumeInDockerShape() {
        Volume v = svc.create(CreateVolume.named("qq"));
        assertThat(v.name()).isEqualTo("qq");
        assertThat(v.driver()).isEqualTo("local");
        assertThat(v.mountpoint()).isEqualTo(fx.volumesRoot().resolve("qq/_data").toString());
        assertThat(v.labels()).isNull();
        assertThat(v.options()).isNull();
        assertThat(v.scope()).isEqualTo("local");
        assertThat(v.status()).isNull();
        assertThat(v.usage()).isNull();
        assertThat(v.isAnonymous()).isFalse();
        assertThat(Files.isDirectory(fx.volumesRoot().resolve("qq/_data"))).isTrue();
        assertThat(fx.events.events).containsExactly(
                new ServiceFixture.Published("volume", "create", "qq", Map.of("driver", "local")));
    }

    @Test
    void createAndRemove_manyUniqueLabelValues_labelIndexEndsEmpty_filtersStillRight() {
        // Testcontainers labels every volume with its session's id: unique values must not pile up.
        svc.create(create("keep", null, null, Map.of("org.testcontainers.sessionId", "kept", "team", "a")));
        for (int i = 0; i < 500; i++) {
            svc.create(create("tc" + i, null, null, Map.of("org.testcontainers.sessionId", "s" + i, "team", "a")));
        }
        for (int i = 0; i < 500; i += 2) {
            svc.remove("tc" + i, false);
        }
        assertThat(svc.list(filter("label", "org.testcontainers.sessionId=s1")).volumes())
                .extracting(Volume::name).containsExactly("tc1");
        assertThat(svc.list(filter("label", "org.testcontainers.sessionId=s2")).volumes()).isEmpty();
        assertThat(svc.list(filter("label", "org.testcontainers.sessionId")).volumes()).hasSize(251);
        for (int i = 1; i < 500; i += 2) {
            svc.remove("tc" + i, false);
        }
        assertThat(svc.labelIndex().keyCount()).isEqualTo(2);
        assertThat(svc.labelIndex().valueCount()).isEqualTo(2);
        assertThat(svc.list(filter("label", "org.testcontainers.sessionId")).volumes())
                .extracting(Volume::name).containsExactly("keep");
        assertThat(svc.list(filter("label", "team=a")).volumes()).extracting(Volume::name).containsExactly("keep");
        svc.remove("keep", false);
        assertThat(svc.labelIndex().keyCount()).isZero();
        assertThat(svc.labelIndex().valueCount()).isZero();
        assertThat(svc.list(filter("label", "team")).volumes()).isEmpty();
    }

    private static dev.berth.filter.FilterArgs filter(String key, String value) {
        return new dev.berth.filter.FilterArgs(Map.of(key, java.util.Set.of(value)));
    }

    @Test
    void create_anonymous_randomHexNameAndAnonymousLabel() {
        Volume v = svc.create(create(null, null, null, Map.of("a", "b")));
        Volume w = svc.create(create("", null, null, null));
        assertThat(v.name()).matches("[0-9a-f]{64}");
        assertThat(w.name()).matches("[0-9a-f]{64}").isNotEqualTo(v.name());
        assertThat(v.driver()).isEqualTo("local");
        assertThat(v.labels()).isEqualTo(Map.of("a", "b", VolumeService.ANONYMOUS_LABEL, ""));
        assertThat(w.labels()).isEqualTo(Map.of(VolumeService.ANONYMOUS_LABEL, ""));
        assertThat(v.isAnonymous()).isTrue();
    }

    @Test
    void create_labelsAndOptions_storedSorted() {
        Volume v = svc.create(create("qq", "local", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"),
                Map.of("b", "2", "a", "1")));
        assertThat(v.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(v.options()).containsExactly(Map.entry("device", "tmpfs"), Map.entry("o", "size=1m"),
                Map.entry("type", "tmpfs"));
    }

    @Test
    void create_existingName_keepsFirstLabelsAndOneEvent() {
        svc.create(create("qq", null, null, Map.of("a", "1")));
        Volume again = svc.create(create("qq", "local", Map.of("type", "tmpfs", "device", "tmpfs"),
                Map.of("b", "2")));
        assertThat(again.labels()).isEqualTo(Map.of("a", "1"));
        assertThat(again.options()).isNull();
        assertThat(fx.events.ofAction("create")).hasSize(1);
        assertThat(svc.list(dev.berth.filter.FilterArgs.EMPTY).volumes()).hasSize(1);
    }

    @Test
    void create_nameOfOtherDriver_conflict() {
        svc.create(CreateVolume.named("qq"));
        assertThatThrownBy(() -> svc.create(create("qq", "fake", null, null)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("create qq: driver 'local' already has volume 'qq': volume name must be unique");
    }

    @Test
    void create_existingNameWithoutDriver_returnsIt() {
        svc.create(create("pv", "fake", null, null));
        Volume v = svc.create(CreateVolume.named("pv"));
        assertThat(v.driver()).isEqualTo("fake");
        assertThat(v.scope()).isEqualTo("global");
    }

    @Test
    void create_unknownDriver_pluginNotFound() {
        assertThatThrownBy(() -> svc.create(create("w", "nope", null, null)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("create w: error looking up volume plugin nope: plugin \"nope\" not found");
        assertThat(fx.events.events).isEmpty();
    }

    @Test
    void create_invalidName_opErrorWithDockerText() {
        assertThatThrownBy(() -> svc.create(CreateVolume.named("a")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("create a: volume name is too short, names should be at least two alphanumeric characters");
        assertThatThrownBy(() -> svc.create(create("qq", null, Map.of("hello", "world"), null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("create qq: invalid option: \"hello\"");
        assertThat(svc.list(dev.berth.filter.FilterArgs.EMPTY).volumes()).isEmpty();
    }

    @Test
    void create_pluginDriver_acceptsAnyName() {
        Volume v = svc.create(create("a/b", "fake", null, null));
        assertThat(v.name()).isEqualTo("a/b");
        assertThat(svc.inspect("a/b").status()).isEqualTo(Map.of("plugin", "fake"));
    }

    @Test
    void inspect_missing_noSuchVolume() {
        assertThatThrownBy(() -> svc.inspect("nope"))
                .isInstanceOf(NoSuchVolumeException.class)
                .hasMessage("get nope: no such volume");
    }

    @Test
    void remove_missing_noSuchVolume() {
        assertThatThrownBy(() -> svc.remove("nope", false))
                .isInstanceOf(NoSuchVolumeException.class)
                .hasMessage("get nope: no such volume");
    }

    @Test
    void remove_missingForced_noError() {
        svc.remove("nope", true);
        assertThat(fx.events.events).isEmpty();
    }

    @Test
    void remove_referenced_inUseInAcquisitionOrder() {
        svc.create(CreateVolume.named("vv"));
        svc.acquire("vv", "b");
        svc.acquire("vv", "a");
        svc.acquire("vv", "b");
        assertThatThrownBy(() -> svc.remove("vv", false))
                .isInstanceOf(VolumeInUseException.class)
                .hasMessage("remove vv: volume is in use - [b, a]");
        assertThatThrownBy(() -> svc.remove("vv", true))
                .isInstanceOf(ConflictException.class)
                .hasMessage("remove vv: volume is in use - [b, a]");
        assertThat(svc.references("vv")).containsExactly("b", "a");
    }

    @Test
    void remove_afterRelease_removedWithEvent() {
        svc.create(CreateVolume.named("vv").withReference("c1"));
        assertThat(svc.references("vv")).containsExactly("c1");
        svc.release("vv", "c1");
        svc.release("vv", "unknown");
        svc.release("unknown", "c1");
        svc.remove("vv", false);
        assertThat(fx.events.events).containsExactly(
                new ServiceFixture.Published("volume", "create", "vv", Map.of("driver", "local")),
                new ServiceFixture.Published("volume", "destroy", "vv", Map.of("driver", "local")));
        assertThatThrownBy(() -> svc.inspect("vv")).isInstanceOf(NoSuchVolumeException.class);
        fx.local.drainTrash();
        assertThat(Files.exists(fx.volumesRoot().resolve("vv"))).isFalse();
    }

    @Test
    void acquire_missing_noSuchVolume() {
        assertThatThrownBy(() -> svc.acquire("nope", "c1"))
                .isInstanceOf(NoSuchVolumeException.class)
                .hasMessage("get nope: no such volume");
    }

    @Test
    void remove_thenCreateSameName_freshVolumeWithoutOldReferences() {
        svc.create(CreateVolume.named("vv"));
        svc.remove("vv", false);
        Volume v = svc.create(create("vv", null, null, Map.of("new", "")));
        assertThat(v.labels()).isEqualTo(Map.of("new", ""));
        assertThat(svc.references("vv")).isEmpty();
    }

    @Test
    void mount_localVolume_dataPathAndCounting() {
        svc.create(CreateVolume.named("vv"));
        assertThat(svc.mount("vv", "m1")).isEqualTo(fx.volumesRoot().resolve("vv/_data").toString());
        assertThatThrownBy(() -> svc.mount("nope", "m1"))
                .isInstanceOf(NoSuchVolumeException.class)
                .hasMessage("get nope: no such volume");
        svc.unmount("nope", "m1");
        svc.unmount("vv", "m1");
        svc.remove("vv", false);
    }

    @Test
    void usage_localVolumes_sizeAndReferences() throws Exception {
        svc.create(CreateVolume.named("vv").withReference("c1"));
        svc.create(create("oo", null, Map.of("type", "tmpfs", "device", "tmpfs"), null));
        svc.create(create("p", "fake", null, null));
        Files.write(fx.volumesRoot().resolve("vv/_data/f"), new byte[100]);
        List<Volume> usage = svc.usage();
        assertThat(usage).extracting(Volume::name).containsExactly("vv");
        assertThat(usage.getFirst().usage()).isEqualTo(new Volume.Usage(100, 1));
    }
}
