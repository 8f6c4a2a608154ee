package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.berth.sys.LinuxMount.MNT_DETACH;
import static dev.berth.sys.LinuxMount.MS_NODEV;
import static dev.berth.sys.LinuxMount.MS_NOEXEC;
import static dev.berth.sys.LinuxMount.MS_NOSUID;
import static dev.berth.sys.LinuxMount.MS_RDONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
class LinuxMountTest {

    @TempDir
    Path dir;

    private final MountTracker mounts = new MountTracker();

    @BeforeEach
    void requireRoot() {
        RootRequired.assumeRoot();
    }

    @AfterEach
    void unmountAll() throws IOException {
        mounts.close();
    }

    private Path mkdir(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    private MountInfo.Entry entryAt(Path target) throws IOException {
        return MountInfo.mountOf(target).filter(e -> e.mountPoint().equals(target.toString())).orElseThrow();
    }

    @Test
    void mount_tmpfsWithFlagsAndData_visibleInMountInfo() throws IOException {
        Path target = mounts.track(mkdir("t"));

        LinuxMount.mount("berth-test", target.toString(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY,
                "size=1m,mode=0750");

        MountInfo.Entry e = entryAt(target);
        assertThat(e.fsType()).isEqualTo("tmpfs");
        assertThat(e.source()).isEqualTo("berth-test");
        assertThat(e.options().split(",")).contains("ro", "nosuid", "nodev", "noexec");
        assertThat(e.superOptions().split(",")).contains("size=1024k", "mode=750");
        assertThat(MountInfo.isMountPoint(target)).isTrue();
        assertThat(FileSys.statfs(target).type()).isEqualTo(StatFs.TMPFS_MAGIC);
    }

    @Test
    void unmount_mounted_goneFromMountInfo() throws IOException {
        Path target = mounts.track(mkdir("t"));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, null);

        LinuxMount.unmount(target.toString(), 0);

        assertThat(MountInfo.isMountPoint(target)).isFalse();
    }

    @Test
    void unmount_notMounted_einvalWithExactMessage() throws IOException {
        Path target = mounts.track(mkdir("t"));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, null);
        LinuxMount.unmount(target.toString(), 0);

        assertThatThrownBy(() -> LinuxMount.unmount(target.toString(), 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.syscall()).isEqualTo("umount2");
                    assertThat(e.path()).isEqualTo(target.toString());
                })
                .hasMessage("umount2 " + target + ": invalid argument");
    }

    @Test
    void mount_missingTarget_enoentWithExactMessage() {
        Path target = dir.resolve("missing");

        assertThatThrownBy(() -> LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("mount " + target + ": no such file or directory");
    }

    @Test
    void mount_unknownFsType_enodev() throws IOException {
        Path target = mounts.track(mkdir("t"));

        assertThatThrownBy(() -> LinuxMount.mount("x", target.toString(), "berthnosuchfs", 0, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODEV))
                .hasMessage("mount " + target + ": no such device");
    }

    @Test
    void bind_directory_contentVisibleAtTarget() throws IOException {
        Path source = mkdir("src");
        Files.writeString(source.resolve("hello"), "world");
        Path target = mounts.track(mkdir("dst"));

        LinuxMount.bind(source.toString(), target.toString(), false);

        assertThat(Files.readString(target.resolve("hello"))).isEqualTo("world");
        MountInfo.Entry e = entryAt(target);
        assertThat(e.root()).endsWith("/src");
    }

    @Test
    void unmount_busyMountWithDetach_detachedAnyway() throws IOException {
        Path target = mounts.track(mkdir("t"));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, null);
        try (Fd busy = Fd.open(target.resolve("f"), Fd.O_CREAT | Fd.O_RDWR, 0644)) {
            assertThatThrownBy(() -> LinuxMount.unmount(target.toString(), 0))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));

            LinuxMount.unmount(target.toString(), MNT_DETACH);

            assertThat(MountInfo.isMountPoint(target)).isFalse();
            assertThat(busy.fstat().isRegularFile()).isTrue();
        }
    }

    @Test
    void setPropagation_sharedThenSlaveOfBind_visibleInOptionalFields() throws IOException {
        Path master = mounts.track(mkdir("master"));
        Path replica = mounts.track(mkdir("replica"));
        LinuxMount.mount("tmpfs", master.toString(), "tmpfs", 0, null);
        LinuxMount.setPropagation(master.toString(), LinuxMount.MS_SHARED, false);
        MountInfo.Entry shared = entryAt(master);
        assertThat(shared.isShared()).isTrue();
        String peerGroup = shared.optionalFields().stream().filter(f -> f.startsWith("shared:")).findFirst()
                .orElseThrow().substring("shared:".length());

        LinuxMount.bind(master.toString(), replica.toString(), false);
        LinuxMount.setPropagation(replica.toString(), LinuxMount.MS_SLAVE, false);

        MountInfo.Entry slave = entryAt(replica);
        assertThat(slave.isSlave()).isTrue();
        assertThat(slave.isShared()).isFalse();
        assertThat(slave.optionalFields()).contains("master:" + peerGroup);
        // A mount made under the master now propagates into the slave.
        Path sub = mounts.track(Files.createDirectories(master.resolve("sub")));
        mounts.track(replica.resolve("sub"));
        LinuxMount.mount("tmpfs", sub.toString(), "tmpfs", 0, null);
        assertThat(MountInfo.isMountPoint(replica.resolve("sub"))).isTrue();
    }

    @Test
    void setPropagation_privateRecursive_noTags() throws IOException {
        Path target = mounts.track(mkdir("t"));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, null);
        LinuxMount.setPropagation(target.toString(), LinuxMount.MS_SHARED, false);

        LinuxMount.setPropagation(target.toString(), LinuxMount.MS_PRIVATE, true);

        assertThat(entryAt(target).optionalFields()).isEmpty();
    }

    @Test
    void setPropagation_notAPropagationFlag_rejected() {
        assertThatThrownBy(() -> LinuxMount.setPropagation("/x", LinuxMount.MS_BIND, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a single propagation flag: 0x1000");
        assertThatThrownBy(() -> LinuxMount.setPropagation("/x", LinuxMount.MS_SHARED | LinuxMount.MS_SLAVE, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
