package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
class FileSysXattrTest {

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

    private Path tmpfs() throws IOException {
        Path target = mounts.track(Files.createDirectories(dir.resolve("tmpfs")));
        LinuxMount.mount("tmpfs", target.toString(), "tmpfs", 0, "size=4m");
        return target;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lsetxattr_userAttributeOnExt4_roundTrips() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");

        FileSys.lsetxattr(f, "user.berth", bytes("value"));
        FileSys.lsetxattr(f, "user.empty", new byte[0]);

        assertThat(FileSys.lgetxattr(f, "user.berth")).isEqualTo(bytes("value"));
        assertThat(FileSys.lgetxattr(f, "user.empty")).isEmpty();
        assertThat(FileSys.llistxattr(f)).contains("user.berth", "user.empty");
    }

    @Test
    void lsetxattr_trustedAttributesOnTmpfs_roundTripAndList() throws IOException {
        Path f = Files.writeString(tmpfs().resolve("f"), "x");
        byte[] big = new byte[3000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }

        FileSys.lsetxattr(f, "trusted.overlay.opaque", bytes("y"));
        FileSys.lsetxattr(f, "trusted.big", big);

        assertThat(FileSys.lgetxattr(f, "trusted.overlay.opaque")).isEqualTo(bytes("y"));
        assertThat(FileSys.lgetxattr(f, "trusted.big")).isEqualTo(big);
        assertThat(FileSys.llistxattr(f)).containsExactlyInAnyOrder("trusted.overlay.opaque", "trusted.big");
    }

    @Test
    void lgetxattr_absent_enodata() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");

        assertThatThrownBy(() -> FileSys.lgetxattr(f, "user.none"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODATA))
                .hasMessage("lgetxattr " + f + ": no data available");
    }

    @Test
    void lsetxattr_createFlagOnExisting_eexist() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        FileSys.lsetxattr(f, "user.a", bytes("1"));

        assertThatThrownBy(() -> FileSys.lsetxattr(f, "user.a", bytes("2"), FileSys.XATTR_CREATE))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    }

    @Test
    void lsetxattr_onSymlink_setsLinkNotTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileSys.lsetxattr(link, "trusted.link", bytes("l"));

        assertThat(FileSys.lgetxattr(link, "trusted.link")).isEqualTo(bytes("l"));
        assertThat(FileSys.llistxattr(target)).doesNotContain("trusted.link");
    }

    @Test
    void llistxattr_none_empty() throws IOException {
        Path f = Files.writeString(tmpfs().resolve("plain"), "x");

        assertThat(FileSys.llistxattr(f)).isEmpty();
    }
}
