package dev.berth.volume;

import dev.berth.filter.FilterArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every acknowledged create and remove survives a restart (close the database, open a new service). */
class VolumeServiceRestartTest {

    @TempDir
    Path dir;

    private static Map<String, Volume> byName(VolumeService svc) {
        return svc.list(FilterArgs.EMPTY).volumes().stream().collect(Collectors.toMap(Volume::name,
                Function.identity()));
    }

    @Test
    void restart_afterCreatesAndRemoves_sameVolumes() throws Exception {
        Map<String, Volume> before;
        String anon;
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            VolumeService svc = fx.service;
            svc.create(new CreateVolume("labelled", null, null, Map.of("b", "2", "a", "1"), null));
            svc.create(new CreateVolume("opts", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"),
                    null, null));
            svc.create(CreateVolume.named("plain"));
            anon = svc.create(new CreateVolume(null, null, null, null, null)).name();
            svc.create(CreateVolume.named("removed"));
            svc.create(CreateVolume.named("removed-forced"));
            svc.remove("removed", false);
            svc.remove("removed-forced", true);
            Files.writeString(fx.volumesRoot().resolve("plain/_data/f"), "data");
            before = byName(svc);
            fx.restart();
            Map<String, Volume> after = byName(fx.service);
            assertThat(after.keySet()).containsExactlyInAnyOrder("labelled", "opts", "plain", anon);
            assertThat(after).isEqualTo(before);
            assertThat(after.get("labelled").labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
            assertThat(after.get("opts").options()).isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs",
                    "o", "size=1m"));
            assertThat(after.get(anon).isAnonymous()).isTrue();
            assertThat(Files.readString(fx.volumesRoot().resolve("plain/_data/f"))).isEqualTo("data");
            assertThat(fx.events.ofAction("create")).hasSize(6);
        }
    }

    @Test
    void restart_referencesNotPersisted_volumesDangling() {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.service.create(CreateVolume.named("vv").withReference("c1"));
            fx.restart();
            assertThat(fx.service.references("vv")).isEmpty();
            assertThat(fx.service.list(FilterArgs.of("dangling", "true")).volumes()).extracting(Volume::name)
                    .containsExactly("vv");
        }
    }

    @Test
    void restart_directoryRemovedWhileDown_rowDropped() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.service.create(CreateVolume.named("vv"));
            fx.service.create(CreateVolume.named("ww"));
            fx.close();
            Files.delete(fx.volumesRoot().resolve("vv/_data"));
            Files.delete(fx.volumesRoot().resolve("vv"));
            fx.restart();
            assertThat(byName(fx.service).keySet()).containsExactly("ww");
            fx.restart();
            assertThat(byName(fx.service).keySet()).containsExactly("ww");
        }
    }

    @Test
    void restart_orphanDirectoryWithData_adoptedAndDurable() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.close();
            Files.createDirectories(fx.volumesRoot().resolve("orphan/_data"));
            Files.writeString(fx.volumesRoot().resolve("orphan/_data/f"), "x");
            fx.restart();
            assertThat(byName(fx.service).keySet()).containsExactly("orphan");
            fx.restart();
            Volume v = byName(fx.service).get("orphan");
            assertThat(v.labels()).isNull();
            assertThat(v.options()).isNull();
            assertThat(List.of(v.driver(), v.scope())).containsExactly("local", "local");
        }
    }
}
