package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.InternalException;
import dev.berth.volume.driver.DriverVolume;
import dev.berth.volume.driver.StagedCreate;
import dev.berth.volume.driver.VolumeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A create whose driver syncs next to the row commit: answered only when both are durable, undone when either fails. */
class StagedCreateTest {

    /** Keeps volumes in memory; its sync can be made to fail. */
    static final class StagedDriver implements VolumeDriver, StagedCreate {
        final MemoryDriver volumes = new MemoryDriver("staged");
        final AtomicInteger syncs = new AtomicInteger();
        final AtomicBoolean failSync = new AtomicBoolean();

        @Override
        public String name() {
            return "staged";
        }

        @Override
        public DriverVolume create(String name, Map<String, String> options) {
            DriverVolume v = createStaged(name, options);
            syncCreated();
            return v;
        }

        @Override
        public DriverVolume createStaged(String name, Map<String, String> options) {
            return volumes.create(name, options);
        }

        @Override
        public void syncCreated() {
            syncs.incrementAndGet();
            if (failSync.get()) {
                throw new InternalException("sync volumes directory: input/output error");
            }
        }

        @Override
        public void remove(DriverVolume volume) {
            volumes.remove(volume);
        }

        @Override
        public Optional<DriverVolume> get(String name) {
            return volumes.get(name);
        }

        @Override
        public List<DriverVolume> list() {
            return volumes.list();
        }

        @Override
        public String scope() {
            return "local";
        }
    }

    @TempDir
    Path dir;
    private final StagedDriver staged = new StagedDriver();
    private ServiceFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ServiceFixture(dir, staged);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void create_syncsOnce_andIsKeptAcrossARestart() {
        fx.service.create(new CreateVolume("s1", "staged", null, Map.of("k", "v"), null));
        assertThat(staged.syncs.get()).isEqualTo(1);
        fx.restart();
        assertThat(fx.service.inspect("s1").labels()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void failedSync_failsTheCreate_andLeavesNothing() {
        staged.failSync.set(true);
        assertThatThrownBy(() -> fx.service.create(new CreateVolume("s2", "staged", null, null, null)))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("s2").hasMessageContaining("input/output error");
        assertThat(staged.list()).isEmpty();
        assertThatThrownBy(() -> fx.service.inspect("s2")).isInstanceOf(NoSuchVolumeException.class);
        assertThat(fx.events.events).isEmpty();
        fx.restart();
        assertThatThrownBy(() -> fx.service.inspect("s2")).isInstanceOf(NoSuchVolumeException.class);
        // The name is free again.
        staged.failSync.set(false);
        assertThat(fx.service.create(new CreateVolume("s2", "staged", null, null, null)).name()).isEqualTo("s2");
    }

    @Test
    void localDriver_createIsDurableWhenAnswered() {
        Volume v = fx.service.create(CreateVolume.named("l1"));
        assertThat(Files.isDirectory(Path.of(v.mountpoint()))).isTrue();
        fx.restart();
        assertThat(fx.service.inspect("l1").mountpoint()).isEqualTo(v.mountpoint());
    }
}
