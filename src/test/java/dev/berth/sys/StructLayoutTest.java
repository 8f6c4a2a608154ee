package dev.berth.sys;

import org.junit.jupiter.api.Test;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

/** The layouts against sizes and offsets printed by gcc's sizeof/offsetof on x86_64 glibc. */
class StructLayoutTest {

    @Test
    void stat_x86_64_144BytesWithGlibcOffsets() {
        assertThat(Stat.LAYOUT.byteSize()).isEqualTo(144);
        assertThat(Stat.LAYOUT.byteOffset(groupElement("st_mode"))).isEqualTo(24);
        assertThat(Stat.LAYOUT.byteOffset(groupElement("st_rdev"))).isEqualTo(40);
        assertThat(Stat.LAYOUT.byteOffset(groupElement("st_blocks"))).isEqualTo(64);
        assertThat(Stat.LAYOUT.byteOffset(groupElement("st_atime"))).isEqualTo(72);
        assertThat(Stat.LAYOUT.byteOffset(groupElement("st_ctime_nsec"))).isEqualTo(112);
    }

    @Test
    void statfs_x86_64_120Bytes() {
        assertThat(StatFs.LAYOUT.byteSize()).isEqualTo(120);
        assertThat(StatFs.LAYOUT.byteOffset(groupElement("f_flags"))).isEqualTo(80);
    }

    @Test
    void quotaStructs_kernelSizesAndOffsets() {
        assertThat(ProjectQuota.FS_DISK_QUOTA.byteSize()).isEqualTo(112);
        assertThat(ProjectQuota.FS_DISK_QUOTA.byteOffset(groupElement("d_id"))).isEqualTo(4);
        assertThat(ProjectQuota.FS_DISK_QUOTA.byteOffset(groupElement("d_blk_hardlimit"))).isEqualTo(8);
        assertThat(ProjectQuota.FS_DISK_QUOTA.byteOffset(groupElement("d_bcount"))).isEqualTo(40);
        assertThat(ProjectQuota.IF_DQBLK.byteSize()).isEqualTo(72);
        assertThat(ProjectQuota.IF_DQBLK.byteOffset(groupElement("dqb_curspace"))).isEqualTo(16);
        assertThat(ProjectQuota.IF_DQBLK.byteOffset(groupElement("dqb_valid"))).isEqualTo(64);
        assertThat(ProjectQuota.FSXATTR.byteSize()).isEqualTo(28);
        assertThat(ProjectQuota.FSXATTR.byteOffset(groupElement("fsx_projid"))).isEqualTo(12);
    }

    @Test
    void openHowAndSockaddrUn_kernelSizes() {
        assertThat(Fd.OPEN_HOW.byteSize()).isEqualTo(24);
        assertThat(UnixSeqpacket.SOCKADDR_UN.byteSize()).isEqualTo(110);
    }
}
