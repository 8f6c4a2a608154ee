package dev.berth.runtime;

import dev.berth.sys.LinuxMount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The specs {@link OciSpec} builds, run by the host's runc: mounts, defaults and limits as a container sees them. */
@Tag("root")
@Timeout(180)
class SpecIT {

    private RuntimeFixture fx;

    @BeforeAll
    static void requirements() {
        RuntimeFixture.assumeRootWithRuntime();
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new RuntimeFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private String run(String script, UnaryOperator<OciSpec.Builder> spec) throws Exception {
        String id = fx.create(List.of("sh", "-c", script), spec, UnaryOperator.identity());
        fx.runtime.start(id);
        fx.awaitExit(id);
        return fx.logText(id);
    }

    @Test
    void tmpfs_mode1777OnPathAbsentFromRootfs_applied() throws Exception {
        OciSpec.Mount scratch = new OciSpec.Mount("/scratch", "tmpfs", "tmpfs",
                List.of("noexec", "nosuid", "nodev", "rprivate", "size=64m", "mode=1777"));

        String out = run("stat -c %a /scratch", b -> b.mounts(List.of(scratch)));

        assertThat(out).isEqualTo("1777\n");
    }

    @Test
    void bind_rro_readOnlyIncludingSubmount() throws Exception {
        RuncFeatures features = RuncFeatures.probe(RuntimeFixture.RUNC);
        assumeThat(features.recursiveReadOnly()).as("rro support").isTrue();
        Path host = Files.createDirectories(fx.work.resolve("hostdir"));
        Path sub = Files.createDirectories(host.resolve("sub"));
        LinuxMount.mount("tmpfs", sub.toString(), "tmpfs", 0, "size=1m");
        try {
            String script = "touch /ro/a 2>&1; touch /ro/sub/b 2>&1; echo done";
            OciSpec.Mount rro = new OciSpec.Mount("/ro", "bind", host.toString(), List.of("rbind", "rro", "rprivate"));
            OciSpec.Mount ro = new OciSpec.Mount("/ro", "bind", host.toString(), List.of("rbind", "ro", "rprivate"));

            String recursive = run(script, b -> b.mounts(List.of(rro)));
            String topOnly = run(script, b -> b.mounts(List.of(ro)));

            assertThat(recursive).isEqualTo("touch: /ro/a: Read-only file system\n"
                    + "touch: /ro/sub/b: Read-only file system\ndone\n");
            assertThat(topOnly).isEqualTo("touch: /ro/a: Read-only file system\ndone\n");
            assertThat(sub.resolve("b")).exists();
        } finally {
            LinuxMount.unmount(sub.toString(), LinuxMount.MNT_DETACH);
        }
    }

    @Test
    void defaults_dockerCapabilitiesMaskedAndReadonlyPaths() throws Exception {
        String out = run("grep CapEff /proc/self/status; wc -c < /proc/keys; "
                + "(echo 1 > /proc/sys/kernel/domainname) 2>/dev/null || echo ro-proc-sys; "
                + "grep -E ' /(sys|dev/shm) ' /proc/self/mountinfo | cut -d' ' -f5,6", UnaryOperator.identity());

        assertThat(out).startsWith("CapEff:\t00000000a80425fb\n0\nro-proc-sys\n");
        assertThat(out).contains("/sys ro,").contains("/dev/shm rw,");
    }

    @Test
    void readOnlyRootfs_rootNotWritableButDevShmIs() throws Exception {
        String out = run("touch /x 2>&1; touch /dev/shm/x && echo shm-ok",
                b -> b.readonlyRootfs(true));

        assertThat(out).isEqualTo("touch: /x: Read-only file system\nshm-ok\n");
    }

    @Test
    void rlimit_aboveHostHardLimit_cappedAndAccepted() throws Exception {
        String hostHard = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().split("\\s+")[4];

        String out = run("ulimit -Hn; ulimit -Sn", b -> b.rlimit("RLIMIT_NOFILE", 1 << 20, 1 << 20));

        assertThat(out).isEqualTo(hostHard + "\n" + hostHard + "\n");
    }

    @Test
    void shmSize_given_devShmSized() throws Exception {
        String out = run("df -k /dev/shm | tail -1 | awk '{print $2}'", b -> b.shmSize(8 * 1024 * 1024));

        assertThat(out).isEqualTo("8192\n");
    }
}
