package dev.berth.it;

import dev.berth.errors.InternalException;
import dev.berth.sys.MountInfo;
import dev.berth.volume.VolumeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Local volumes with options are mounted at their first use and unmounted after the last: tmpfs and bind through
 * mount(2), a helper type through mount(8); failures carry Docker's text with the password masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeMountIT {

    TestDaemon d;
    VolumeService volumes;

    @BeforeAll
    void start() {
        d = TestDaemon.inProcess();
        volumes = d.daemon().volumes();
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private static Optional<MountInfo.Entry> mountAt(String path) throws Exception {
        return MountInfo.read().stream().filter(e -> e.mountPoint().equals(path)).reduce((a, b) -> b);
    }

    @Test
    void tmpfsVolume_mountedWhileUsed_unmountedAfterLastRelease() throws Exception {
        Proc.Result r = d.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=3m",
                "tmpvol");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String path = d.dataRoot().resolve("volumes/tmpvol/_data").toString();
        assertThat(mountAt(path)).isEmpty();

        assertThat(volumes.mount("tmpvol", "m1")).isEqualTo(path);
        MountInfo.Entry e = mountAt(path).orElseThrow();
        assertThat(e.fsType()).isEqualTo("tmpfs");
        assertThat(e.superOptions()).contains("size=3072k");
        Files.writeString(Path.of(path, "f"), "in tmpfs");

        volumes.mount("tmpvol", "m2");
        volumes.unmount("tmpvol", "m1");
        assertThat(mountAt(path)).isPresent();
        volumes.unmount("tmpvol", "m1");
        assertThat(mountAt(path)).isPresent();
        volumes.unmount("tmpvol", "m2");
        assertThat(mountAt(path)).isEmpty();
        assertThat(Files.exists(Path.of(path, "f"))).isFalse();
        assertThat(d.docker("volume", "rm", "tmpvol").exitCode()).isZero();
    }

    @Test
    void bindVolume_showsTheDeviceDirectory() throws Exception {
        Path src = Files.createTempDirectory(Path.of("/tmp"), "bindsrc-");
        try {
            Files.writeString(src.resolve("hello"), "from host");
            Proc.Result r = d.docker("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + src,
                    "bindvol");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String path = volumes.mount("bindvol", "b1");
            assertThat(mountAt(path)).isPresent();
            assertThat(Files.readString(Path.of(path, "hello"))).isEqualTo("from host");
            volumes.unmount("bindvol", "b1");
            assertThat(mountAt(path)).isEmpty();
            assertThat(d.docker("volume", "rm", "bindvol").exitCode()).isZero();
            assertThat(Files.readString(src.resolve("hello"))).isEqualTo("from host");
        } finally {
            TestDaemon.deleteTree(src);
        }
    }

    @Test
    void removeWhileMounted_refused() throws Exception {
        d.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "busytmp");
        volumes.mount("busytmp", "x1");
        try {
            Proc.Result r = d.docker("volume", "rm", "busytmp");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("Error response from daemon: remove busytmp: volume has active mounts");
        } finally {
            volumes.unmount("busytmp", "x1");
        }
        assertThat(d.docker("volume", "rm", "busytmp").exitCode()).isZero();
    }

    @Test
    void mountFailure_reportsDockerTextWithPasswordMasked() {
        d.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=password=secret,bogus",
                "badtmp");
        String path = d.dataRoot().resolve("volumes/badtmp/_data").toString();
        assertThatThrownBy(() -> volumes.mount("badtmp", "f1"))
                .isInstanceOf(InternalException.class)
                .hasMessage("failed to mount local volume: mount tmpfs:" + path
                        + ", data: password=********,bogus: invalid argument");
        assertThat(d.docker("volume", "rm", "badtmp").exitCode()).isZero();
    }

    @Test
    void helperFilesystem_mountedThroughMount8() throws Exception {
        Path helper = Path.of("/sbin/mount.berthit");
        Files.writeString(helper, "#!/bin/sh\n# mount.berthit DEVICE DIR [-o OPTS]: a stand-in FUSE-like helper\n"
                + "exec mount -t tmpfs -o size=2m berthit \"$2\"\n");
        helper.toFile().setExecutable(true);
        try {
            Proc.Result r = d.docker("volume", "create", "-o", "type=berthit", "-o", "device=remote:/share",
                    "-o", "o=ro", "helpervol");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String path = volumes.mount("helpervol", "h1");
            MountInfo.Entry e = mountAt(path).orElseThrow();
            assertThat(e.source()).isEqualTo("berthit");
            volumes.unmount("helpervol", "h1");
            assertThat(mountAt(path)).isEmpty();
            d.docker("volume", "rm", "helpervol");
        } finally {
            Files.deleteIfExists(helper);
        }
    }

    @Test
    void size_withoutQuotaSupport_rejectedAtCreate() {
        Proc.Result r = d.docker("volume", "create", "-o", "size=10m", "sized");
        assertThat(r.err().strip()).isEqualTo(
                "Error response from daemon: create sized: quota size requested but no quota support");
    }
}
