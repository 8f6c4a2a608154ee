package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
class MountHelperTest {
    private static final Path FAKE_HELPER = Path.of("/sbin/mount.berthtest");

    @TempDir
    Path dir;

    private final MountTracker mounts = new MountTracker();

    @AfterEach
    void cleanup() throws IOException {
        try {
            mounts.close();
        } finally {
            Files.deleteIfExists(FAKE_HELPER);
        }
    }

    /** mount(8) calls /sbin/mount.TYPE DEVICE TARGET [-o OPTIONS]; the fake mounts a tmpfs or fails loudly. */
    private static void installFakeHelper() throws IOException {
        RootRequired.assumeRoot();
        Files.writeString(FAKE_HELPER, """
                #!/bin/sh
                device="$1"; target="$2"; shift 2
                opts=""
                while [ $# -gt 0 ]; do
                  case "$1" in -o) opts="$2"; shift 2 ;; *) shift ;; esac
                done
                if [ "$device" = "fail" ]; then
                  echo "mount.berthtest: cannot log in to $device with $opts" >&2
                  echo "server said: password=secret rejected" >&2
                  exit 32
                fi
                exec mount -t tmpfs -o "size=1m" "berthtest:$device" "$target"
                """);
        Files.setPosixFilePermissions(FAKE_HELPER, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void mount_typeWithHelper_mountedThroughHelper() throws IOException {
        installFakeHelper();
        Path target = mounts.track(Files.createDirectories(dir.resolve("t")));

        MountHelper.mount("berthtest", "share1", target, "user=me");

        MountInfo.Entry e = MountInfo.mountOf(target).orElseThrow();
        assertThat(e.mountPoint()).isEqualTo(target.toString());
        assertThat(e.source()).isEqualTo("berthtest:share1");
        assertThat(e.fsType()).isEqualTo("tmpfs");
    }

    @Test
    void mount_helperFails_outputWithPasswordsMasked() throws IOException {
        installFakeHelper();
        Path target = mounts.track(Files.createDirectories(dir.resolve("t")));

        // mount(8) hands the helper its own rewrite of the options (adds rw, reorders), so match the parts.
        assertThatThrownBy(() -> MountHelper.mount("berthtest", "fail", target, "user=me,password=secret,pass=hunter2"))
                .isInstanceOfSatisfying(MountHelperException.class, e -> assertThat(e.exitCode()).isEqualTo(32))
                .hasMessageStartingWith("mount.berthtest: cannot log in to fail with ")
                .hasMessageContaining("password=********,pass=********")
                .hasMessageEndingWith("\nserver said: password=******** rejected")
                .message().doesNotContain("secret", "hunter2");
        assertThat(MountInfo.isMountPoint(target)).isFalse();
    }

    @Test
    void mount_unknownType_mountErrorOutput() throws IOException {
        RootRequired.assumeRoot();
        Path target = mounts.track(Files.createDirectories(dir.resolve("t")));

        assertThatThrownBy(() -> MountHelper.mount("berthnosuchfs", "dev", target, null))
                .isInstanceOf(MountHelperException.class)
                .hasMessageContaining("unknown filesystem type 'berthnosuchfs'");
    }

    @Test
    void run_timeout_killedAndReported() {
        assertThatThrownBy(() -> MountHelper.run(List.of("sleep", "30"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(MountHelperException.class, e -> assertThat(e.exitCode()).isEqualTo(-1))
                .hasMessage("mount(8) did not finish within 0s: sleep 30");
    }

    @Test
    void run_silentFailure_exitStatusMessage() {
        assertThatThrownBy(() -> MountHelper.run(List.of("false"), Duration.ofSeconds(10)))
                .hasMessage("mount(8) exited with status 1");
    }

    /** {@code needsHelper} is the answer without an installed helper; {@code withHelper} with one. */
    record Case(String name, String fsType, boolean needsHelper, boolean withHelper) {
        Case(String name, String fsType, boolean always) {
            this(name, fsType, always, always);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> types() {
        return Stream.of(
                new Case("fuse", "fuse", true),
                new Case("fuse subtype", "fuse.sshfs", true),
                new Case("nfs", "nfs", false, true),
                new Case("nfs4", "nfs4", false, true),
                new Case("cifs", "cifs", false, true),
                new Case("smb3", "smb3", false, true),
                new Case("sshfs", "sshfs", true),
                new Case("glusterfs", "glusterfs", true),
                new Case("s3fs", "s3fs", true),
                new Case("tmpfs", "tmpfs", false, true),
                new Case("ext4", "ext4", false, true),
                new Case("xfs", "xfs", false, true),
                new Case("overlay", "overlay", false, true),
                new Case("fuseblk-like prefix is not fuse.", "fusefoo", false, true),
                new Case("path traversal", "../bin/sh", false),
                new Case("empty", "", false),
                new Case("null", null, false));
    }

    @ParameterizedTest
    @MethodSource("types")
    void needsHelper_table(Case c) {
        assertThat(MountHelper.needsHelper(c.fsType(), t -> false)).as("no helper").isEqualTo(c.needsHelper());
        assertThat(MountHelper.needsHelper(c.fsType(), t -> true)).as("helper").isEqualTo(c.withHelper());
    }

    @Test
    void needsHelper_installedHelper_true() throws IOException {
        assertThat(MountHelper.needsHelper("berthtest")).isFalse();
        installFakeHelper();

        assertThat(MountHelper.needsHelper("berthtest")).isTrue();
    }

    record Mask(String name, String in, String out) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Mask> masks() {
        return Stream.of(
                new Mask("option list", "username=u,password=p4ss,domain=d", "username=u,password=********,domain=d"),
                new Mask("pass=", "pass=x", "pass=********"),
                new Mask("in prose", "error: password=abc is wrong", "error: password=******** is wrong"),
                new Mask("several", "password=a,pass=b", "password=********,pass=********"),
                new Mask("not a suffix match", "passpass=x,bypass=y", "passpass=x,bypass=y"),
                new Mask("empty value", "password=,x=1", "password=********,x=1"),
                new Mask("nothing to mask", "vers=4,addr=1.2.3.4", "vers=4,addr=1.2.3.4"));
    }

    @ParameterizedTest
    @MethodSource("masks")
    void maskPasswords_table(Mask m) {
        assertThat(MountHelper.maskPasswords(m.in())).isEqualTo(m.out());
    }
}
