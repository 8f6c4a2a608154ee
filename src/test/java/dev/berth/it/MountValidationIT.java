package dev.berth.it;

import dev.berth.cli.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mount error a CLI user can trigger at {@code docker create} (docker-storage-semantics.md §3), table-driven:
 * arguments → exit code and the exact first line of stderr, as the stock docker CLI prints them against dockerd
 * (checked against a reference dockerd). Also the raw-API rules for option blocks by API version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountValidationIT {

    private static final String DAEMON = "Error response from daemon: ";
    TestDaemon d;
    Path existing;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard()
                .file("etc/afile", "x", 0644, 0, 0)
                .dir("data", 0755, 0, 0)
                .symlink("data/toroot", "/")
                .importInto(d, "mv-img");
        BusyboxRootfs.standard().file("etc/afile", "x", 0644, 0, 0)
                .importInto(d, "mv-file-volume", "VOLUME /etc/afile");
        existing = Files.createTempDirectory(Path.of("/tmp"), "mv-src-");
    }

    @AfterAll
    void stop() {
        d.close();
        TestDaemon.deleteTree(existing);
    }

    /** {@code args} go before the image; {@code {src}} stands for an existing host directory. */
    record Case(String args, int exit, String error) {
        @Override
        public String toString() {
            return args;
        }
    }

    static Case daemon(String args, String error) {
        return new Case(args, 1, DAEMON + error);
    }

    static Case cli(String args, String error) {
        return new Case(args, 125, "invalid argument \"" + args.substring(args.indexOf(' ') + 1)
                + "\" for \"--mount\" flag: " + error);
    }

    static Stream<Case> errors() {
        return Stream.of(
                // duplicates (§2.3)
                daemon("-v {src}:/x -v vol1:/x", "Duplicate mount point: /x"),
                daemon("-v vol1:/x --mount type=volume,src=vol2,dst=/x", "Duplicate mount point: /x"),
                daemon("--tmpfs /x -v {src}:/x", "Duplicate mount point: /x"),
                daemon("--mount type=tmpfs,dst=/x --mount type=bind,src={src},dst=/x", "Duplicate mount point: /x"),
                // -v parsing (§3.2)
                daemon("-v {src}:/x:foo", "invalid mode: foo"),
                daemon("-v {src}:/x:rw,ro", "invalid mode: rw,ro"),
                daemon("-v {src}:/x:rwz", "invalid mode: rwz"),
                daemon("-v {src}:/x:copy", "invalid mode: copy"),
                daemon("-v /x:ro", "invalid volume specification: '/x:ro'"),
                daemon("-v {src}:/x:nocopy", "invalid volume specification: '{src}:/x:nocopy': invalid mount config"
                        + " for type \"bind\": field VolumeOptions must not be specified"),
                daemon("-v vol1:/x:shared", "invalid volume specification: 'vol1:/x:shared': invalid mount config for"
                        + " type \"volume\": field BindOptions must not be specified"),
                daemon("-v {src}:tmp", "invalid volume specification: '{src}:tmp': invalid mount config for type"
                        + " \"bind\": invalid mount path: 'tmp' mount path must be absolute"),
                daemon("-v {src}:/", "invalid volume specification: '{src}:/': invalid mount config for type"
                        + " \"bind\": invalid specification: destination can't be '/'"),
                // --mount, daemon side (§3.3)
                daemon("--mount type=bind,src=/definitely/not/here,dst=/x", "invalid mount config for type \"bind\":"
                        + " bind source path does not exist: /definitely/not/here"),
                daemon("--mount type=bind,dst=/x", "invalid mount config for type \"bind\": field Source must not be"
                        + " empty"),
                daemon("--mount type=bind,src=relative,dst=/x", "invalid mount config for type \"bind\": invalid mount"
                        + " path: 'relative' mount path must be absolute"),
                daemon("--mount type=bind,src={src},dst=/x,bind-propagation=foo", "invalid mount config for type"
                        + " \"bind\": invalid propagation mode: foo"),
                daemon("--mount type=foo,dst=/x", "invalid mount config for type \"foo\": mount type unknown"),
                daemon("--mount type=tmpfs,src=/a,dst=/x", "invalid mount config for type \"tmpfs\": field Source must"
                        + " not be specified"),
                daemon("--mount type=volume,dst=/x,ro", "invalid mount config for type \"volume\": must not set"
                        + " ReadOnly mode when using anonymous volumes"),
                daemon("--mount type=volume,dst=/x,volume-subpath=a", "invalid mount config for type \"volume\": must"
                        + " not set Subpath when using anonymous volumes"),
                daemon("--mount type=volume,src=vol1,dst=/x,volume-subpath=../a", "invalid mount config for type"
                        + " \"volume\": subpath must be a relative path within the volume"),
                daemon("--mount type=volume,src=vol1,dst=/x,volume-subpath=/a", "invalid mount config for type"
                        + " \"volume\": subpath must be a relative path within the volume"),
                // --tmpfs destinations (§3.6)
                daemon("--tmpfs x", "invalid mount path: 'x' mount path must be absolute"),
                daemon("--tmpfs /", "invalid specification: destination can't be '/'"),
                daemon("--tmpfs //", "invalid specification: destination can't be '/'"),
                // --volumes-from (§3.7)
                daemon("--volumes-from nosuch", "No such container: nosuch"),
                daemon("--volumes-from x:nocopy", "invalid mode: nocopy"),
                daemon("--volumes-from x:shared", "invalid mode: shared"),
                // volumes over image files (§2.3)
                daemon("-v /etc/afile", "cannot mount volume over existing file, file exists {merged}/etc/afile"),
                daemon("-v /data/toroot/etc/afile", "cannot mount volume over existing file, file exists"
                        + " {merged}/etc/afile"),
                daemon("-v vol3:/etc/afile", "source {merged}/etc/afile is not directory"),
                // --mount, CLI side (§3.5)
                cli("--mount type=tmpfs,dst=/x,tmpfs-size=abc", "invalid value for tmpfs-size: abc"),
                cli("--mount type=tmpfs,dst=/x,tmpfs-mode=99", "invalid value for tmpfs-mode: 99"),
                cli("--mount type=bind,src={src},dst=/x,volume-nocopy", "cannot mix 'volume-*' options with mount type"
                        + " 'bind'"),
                cli("--mount type=tmpfs,dst=/x,volume-nocopy", "cannot mix 'volume-*' options with mount type"
                        + " 'tmpfs'"),
                cli("--mount type=bind,src={src},dst=/x,bind-recursive=foo", "invalid value for bind-recursive: foo"
                        + " (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")"),
                cli("--mount type=bind,src={src},dst=/x,bind-recursive=readonly", "option 'bind-recursive=readonly'"
                        + " requires 'readonly' to be specified in conjunction"),
                cli("--mount type=bind,src={src},dst=/x,bind-recursive=writable", "option 'bind-recursive=writable'"
                        + " requires 'readonly' to be specified in conjunction"),
                cli("--mount type=bind,src={src},dst=/x,readonly,bind-recursive=readonly", "option"
                        + " 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in"
                        + " conjunction"),
                cli("--mount type=volume", "target is required"));
    }

    private String[] args(String template, String... tail) {
        List<String> out = new ArrayList<>(List.of("create"));
        for (String a : template.split(" ")) {
            out.add(a.replace("{src}", existing.toString()));
        }
        out.addAll(List.of(tail));
        return out.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void create_invalidMount_dockerErrorAndNothingLeft(Case c) {
        Proc.Result r = d.docker(args(c.args(), "mv-img", "true"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(c.exit());
        String first = r.err().lines().findFirst().orElse("");
        String expected = c.error().replace("{src}", existing.toString());
        if (expected.contains("{merged}")) {
            String prefix = expected.substring(0, expected.indexOf("{merged}"));
            String suffix = expected.substring(expected.indexOf("{merged}") + "{merged}".length());
            // The rootfs is the container's own overlay, gone with the failed create: match its shape.
            assertThat(first).startsWith(prefix + d.dataRoot()).endsWith("/merged" + suffix);
        } else {
            assertThat(first).isEqualTo(expected);
        }
        assertThat(d.docker("ps", "-aq").outTrim()).as("a failed create leaves no container").isEmpty();
        // Validation fails before any volume exists; a named volume created before a later failure stays, as
        // in Docker (only anonymous volumes go with a failed create): vol3 of the copy-up row.
        assertThat(d.docker("volume", "ls", "-q").lines()).as("nor a volume").doesNotContain("vol1", "vol2")
                .allMatch(v -> v.equals("vol3"));
    }

    @Test
    void imageVolumeOverFile_rejected() {
        Proc.Result r = d.docker("create", "mv-file-volume", "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().findFirst().orElse(""))
                .startsWith(DAEMON + "cannot mount volume over existing file, file exists " + d.dataRoot())
                .endsWith("/merged/etc/afile");
    }

    @Test
    void tmpfsOptions_checkedAtStart() {
        Proc.Result r = d.docker("run", "--name", "badtmpfs", "--tmpfs", "/x:foobar", "mv-img", "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
        assertThat(r.err().lines().findFirst().orElse(""))
                .isEqualTo("docker: " + DAEMON + "invalid tmpfs option \"foobar\"");
        assertThat(d.docker("rm", "badtmpfs").exitCode()).isZero();
    }

    @Test
    void identicalBinds_deduplicatedByTheCli() {
        String bind = existing + ":/x";
        Proc.Result r = d.docker("create", "--name", "dupbind", "-v", bind, "-v", bind, "mv-img", "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(d.docker("rm", "dupbind").exitCode()).isZero();
    }

    private static byte[] createBody(String mountJson) {
        return ("{\"Image\":\"mv-img\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Mounts\":[" + mountJson + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * moby means to drop mismatched option blocks for clients before 1.42 but its loop only changes copies, so
     * dockerd rejects them at every version; only the wording differs (normaliser ≥ 1.42, validator before).
     */
    @Test
    void optionBlockOnWrongType_rejectedAtEveryApiVersion() throws Exception {
        String bindWithVolumeOptions = "{\"Type\":\"bind\",\"Source\":\"" + existing
                + "\",\"Target\":\"/x\",\"VolumeOptions\":{\"NoCopy\":true}}";
        try (ApiClient old = d.client("1.41"); ApiClient current = d.client("1.44")) {
            ApiClient.Response r = old.postJson("/containers/create", createBody(bindWithVolumeOptions));
            assertThat(r.status()).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(
                    "invalid mount config for type \\\"bind\\\": field VolumeOptions must not be specified");
            r = current.postJson("/containers/create", createBody(bindWithVolumeOptions));
            assertThat(r.status()).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .contains("VolumeOptions must not be specified on mount type \\\"bind\\\"");
            String tmpfsOnVolume = "{\"Type\":\"volume\",\"Target\":\"/y\",\"TmpfsOptions\":{\"SizeBytes\":1024}}";
            r = old.postJson("/containers/create", createBody(tmpfsOnVolume));
            assertThat(r.status()).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(
                    "invalid mount config for type \\\"volume\\\": field TmpfsOptions must not be specified");
        }
        assertThat(d.docker("ps", "-aq").outTrim()).isEmpty();
    }
}
