package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.sys.FileSys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container's /etc/passwd is the container's to make: only a regular file is read. */
class UserResolverTest {

    @TempDir
    Path rootfs;

    @Test
    void regularPasswd_resolvesTheUser() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        UserResolver.ResolvedUser u = UserResolver.resolve(rootfs, "app");
        assertThat(u.uid()).isEqualTo(1000);
        assertThat(u.gid()).isEqualTo(1001);
        assertThat(u.home()).isEqualTo("/home/app");
    }

    @Test
    @Timeout(10)
    void aFifoOrDeviceAsPasswd_isRefusedAtOnce() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        FileSys.mknod(rootfs.resolve("etc/passwd"), FileSys.S_IFIFO | 0644, 0, 0);
        assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a regular file");
        Files.delete(rootfs.resolve("etc/passwd"));
        FileSys.mknod(rootfs.resolve("etc/passwd"), FileSys.S_IFCHR | 0644, 1, 5); // /dev/zero
        assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a regular file");
    }
}
