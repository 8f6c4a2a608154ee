package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("root")
class ProjectQuotaTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private LoopFilesystem fs;

    @BeforeEach
    void requireRoot() {
        RootRequired.assumeRoot();
    }

    @AfterEach
    void cleanup() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    private void loop(String fsType, String options, long size) throws IOException {
        assumeTrue(LoopFilesystem.available(), "loop devices are not available");
        assumeTrue(!fsType.equals("xfs") || Commands.exists("mkfs.xfs"), "mkfs.xfs missing (apt-get install xfsprogs)");
        fs = LoopFilesystem.create(dir, fsType, options, size);
    }

    /** Mounts with project quotas, or skips when the running kernel cannot enforce them (see the report). */
    private void loopWithProjectQuota(String fsType, long size) throws IOException {
        try {
            loop(fsType, "prjquota", size);
        } catch (ErrnoException e) {
            assumeTrue(e.errno() != Errno.EINVAL,
                    "kernel refuses " + fsType + " with prjquota (built without CONFIG_XFS_QUOTA / CONFIG_QFMT_V2?)");
            throw e;
        }
    }

    @Test
    void probe_ext4WithoutPrjquota_empty() throws IOException {
        assumeTrue(FileSys.statfs(dir).type() == StatFs.EXT4_SUPER_MAGIC, "temp dir is not on ext4");

        assertThat(ProjectQuota.probe(dir)).isEmpty();
        assertThat(dir.resolve(ProjectQuota.DEVICE_NODE)).doesNotExist();
    }

    @Test
    void probe_xfsWithoutPrjquota_emptyButProjectIdsWork() throws IOException {
        loop("xfs", "", 300 * MIB);
        Path base = fs.mountPoint();
        Path volume = Files.createDirectories(base.resolve("vol"));

        assertThat(ProjectQuota.probe(base)).isEmpty();

        ProjectQuota.assignProjectId(volume, 42);
        assertThat(ProjectQuota.readProjectId(volume)).isEqualTo(42);
        Path child = Files.createDirectories(volume.resolve("child"));
        assertThat(ProjectQuota.readProjectId(child)).as("inherited through PROJINHERIT").isEqualTo(42);
        assertThat(ProjectQuota.readProjectId(base)).isZero();
    }

    @Test
    void readProjectId_missingDirectory_enoent() throws IOException {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> ProjectQuota.readProjectId(missing))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void setLimit_xfsPrjquota_writesBeyondLimitFail() throws IOException {
        loopWithProjectQuota("xfs", 300 * MIB);
        assertLimitEnforced(fs.mountPoint());
    }

    @Test
    void setLimit_ext4Prjquota_writesBeyondLimitFail() throws IOException {
        loopWithProjectQuota("ext4", 64 * MIB);
        assertLimitEnforced(fs.mountPoint());
    }

    private static void assertLimitEnforced(Path base) throws IOException {
        Optional<ProjectQuota> probed = ProjectQuota.probe(base);
        assertThat(probed).isPresent();
        ProjectQuota quota = probed.orElseThrow();
        Path volume = Files.createDirectories(base.resolve("vol"));
        int projectId = quota.baseProjectId() + 1;

        quota.setLimit(volume, projectId, 10 * MIB);

        assertThat(quota.projectIdOf(volume)).isEqualTo(projectId);
        byte[] chunk = new byte[(int) MIB];
        assertThatThrownBy(() -> {
            try (OutputStream out = Files.newOutputStream(volume.resolve("big"))) {
                for (int i = 0; i < 12; i++) {
                    out.write(chunk);
                    out.flush();
                }
            }
            FileSys.fsync(volume.resolve("big"));
        }).isInstanceOf(IOException.class)
                .message().containsAnyOf("Disk quota exceeded", "No space left on device",
                        "disk quota exceeded", "no space left on device");
        long used = quota.usedBytes(projectId);
        assertThat(used).isGreaterThan(9 * MIB).isLessThanOrEqualTo(10 * MIB);
    }
}
