package dev.berth.volume.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mount counting per mount id: the first id mounts, the last one to leave unmounts. */
class LocalVolumeTest {

    private static final Map<String, String> TMPFS = Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m");

    @TempDir
    Path tmp;

    @Test
    void mount_firstId_mountsOnce() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", TMPFS);
        String path = tmp.resolve("qq/_data").toString();
        assertThat(m.mounts).isEmpty();
        assertThat(v.mount("a")).isEqualTo(path);
        assertThat(v.mount("b")).isEqualTo(path);
        assertThat(v.mount("a")).isEqualTo(path);
        assertThat(m.mounts).containsExactly(path);
    }

    @Test
    void mount_quotaFails_whatItMountedIsUnmounted_andNothingCounted() {
        FakeMounter m = new FakeMounter(true);
        Map<String, String> sized = Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m", "size", "1m");
        DriverVolume v = new LocalDriver(tmp, m).create("qq", sized);
        m.failQuota("set quota: no space");
        String path = tmp.resolve("qq/_data").toString();

        assertThatThrownBy(() -> v.mount("a")).hasMessage("set quota: no space");
        assertThat(m.mounts).containsExactly(path);
        assertThat(m.unmounts).containsExactly(path);
        assertThat(((LocalVolume) v).isMounted()).isFalse();
        assertThat(((LocalVolume) v).activeMounts()).isZero();
    }

    @Test
    void unmount_unknownId_ignored() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", TMPFS);
        v.unmount("never");
        v.mount("a");
        v.unmount("never");
        assertThat(m.unmounts).isEmpty();
        assertThat(((LocalVolume) v).activeMounts()).isEqualTo(1);
    }

    @Test
    void unmount_lastId_unmounts() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", TMPFS);
        v.mount("a");
        v.mount("b");
        v.unmount("a");
        assertThat(m.unmounts).isEmpty();
        assertThat(((LocalVolume) v).isMounted()).isTrue();
        v.unmount("b");
        assertThat(m.unmounts).containsExactly(tmp.resolve("qq/_data").toString());
        assertThat(((LocalVolume) v).isMounted()).isFalse();
        v.unmount("b");
        assertThat(m.unmounts).hasSize(1);
    }

    @Test
    void mount_sameIdTwice_oneUnmountReleases() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", TMPFS);
        v.mount("a");
        v.mount("a");
        v.unmount("a");
        assertThat(m.unmounts).hasSize(1);
    }

    @Test
    void mount_afterLastUnmount_mountsAgain() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", TMPFS);
        v.mount("a");
        v.unmount("a");
        v.mount("b");
        assertThat(m.mounts).hasSize(2);
    }

    @Test
    void mount_plainVolume_neverCallsMounter() {
        FakeMounter m = new FakeMounter(false);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", Map.of());
        v.mount("a");
        v.unmount("a");
        assertThat(m.mounts).isEmpty();
        assertThat(m.unmounts).isEmpty();
        assertThat(m.quotas).isEmpty();
    }

    @Test
    void mount_sizedVolume_quotaReappliedEachMount() {
        FakeMounter m = new FakeMounter(true);
        DriverVolume v = new LocalDriver(tmp, m).create("qq", Map.of("size", "2m"));
        v.mount("a");
        v.mount("b");
        FakeMounter.Quota q = new FakeMounter.Quota(tmp.resolve("qq/_data"), 2 << 20);
        assertThat(m.quotas).containsExactly(q, q, q);
        assertThat(m.mounts).isEmpty();
    }
}
