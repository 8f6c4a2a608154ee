package dev.berth.it;

import dev.berth.cli.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker run} through the stock CLI: output, exit codes, stdin, TTY, and the failure paths of {@code --rm}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerRunIT {

    TestDaemon d;

    @BeforeAll
    void start() throws Exception {
        d = TestDaemon.inProcess();
        BusyboxRootfs.standard().importInto(d, "bb");
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private Proc.Result ok(String... args) {
        return d.dockerOk(args);
    }

    @Test
    void run_printsOutput_andNeverLosesIt() throws Exception {
        assertThat(ok("run", "--rm", "bb", "echo", "hi").out()).isEqualTo("hi\n");
        // A fast container's output must reach the attach that was set up before start, every time.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Proc.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                runs.add(pool.submit(() -> d.docker("run", "--rm", "bb", "echo", "hi")));
            }
            List<String> failures = new ArrayList<>();
            for (Future<Proc.Result> f : runs) {
                Proc.Result r = f.get();
                if (r.exitCode() != 0 || !r.out().equals("hi\n")) {
                    failures.add(r.toString());
                }
            }
            assertThat(failures).isEmpty();
        } finally {
            pool.shutdown();
        }
        assertThat(ok("ps", "-aq").out()).isEmpty();
    }

    @Test
    void attachedContainers_moreThanCores_doNotStallTheDaemon() throws Exception {
        // Each attached container has a reader blocked in a native read for as long as it runs. Were those readers
        // virtual threads, one per core would pin every carrier and stall the daemon's other virtual threads.
        int n = Runtime.getRuntime().availableProcessors() + 1;
        List<Process> running = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ProcessBuilder pb = new ProcessBuilder("docker", "run", "--name", "attached" + i, "bb",
                        "sh", "-c", "echo up; exec sleep 300");
                pb.environment().put("DOCKER_HOST", d.host());
                pb.redirectErrorStream(true);
                Process p = pb.start();
                running.add(p);
                var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
                                .readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .as("first output line of attached container %d", i).isEqualTo("up");
            }
            Proc.Result r = Proc.run(java.util.Map.of("DOCKER_HOST", d.host()), null, 60,
                    List.of("docker", "run", "--rm", "bb", "echo", "still serving"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("still serving\n");
        } finally {
            for (int i = 0; i < n; i++) {
                d.docker("rm", "-f", "attached" + i);
            }
            for (Process p : running) {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        assertThat(ok("ps", "-aq").out()).isEmpty();
    }

    @Test
    void exitCodes_propagate() {
        assertThat(d.docker("run", "--rm", "bb", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        assertThat(d.docker("run", "--rm", "bb", "false").exitCode()).isEqualTo(1);
        Proc.Result r = d.docker("run", "--rm", "bb", "sh", "-c", "echo out; echo err >&2; exit 7");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test
    void stdin_roundTrips_smallAndLarge() throws Exception {
        Proc.Result r = d.dockerWith(java.util.Map.of(), "data\n".getBytes(), "run", "-i", "--rm", "bb", "cat");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("data\n");

        byte[] big = new byte[4 << 20];
        new Random(42).nextBytes(big);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        r = d.dockerWith(java.util.Map.of(), big, "run", "-i", "--rm", "bb", "sha256sum");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith(expected + " ");

        // The full stream also comes back byte for byte (stdin half-close ends cat).
        r = d.dockerWith(java.util.Map.of(), big, "run", "-i", "--rm", "bb", "sh", "-c", "cat | wc -c");
        assertThat(r.outTrim()).isEqualTo(Integer.toString(big.length));

        // A container that does not read at first: the daemon stops reading the client instead of queueing it all,
        // and nothing is lost once the container reads.
        byte[] huge = new byte[24 << 20];
        r = d.dockerWith(java.util.Map.of(), huge, "run", "-i", "--rm", "bb", "sh", "-c", "sleep 1; cat | wc -c");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outTrim()).isEqualTo(Integer.toString(huge.length));
    }

    @Test
    void tty_isATerminal() {
        Proc.Result r = ok("run", "--rm", "-t", "bb", "sh", "-c", "test -t 0 && test -t 1 && tty");
        assertThat(r.out()).isEqualTo("/dev/pts/0\r\n");
        assertThat(ok("run", "--rm", "bb", "sh", "-c", "test -t 1 || echo notty").out()).isEqualTo("notty\n");
    }

    @Test
    void rm_ofContainerWhoseStartFails_isRemoved_andCliReturns() {
        Proc.Result r = d.docker("run", "--rm", "--name", "badstart", "bb", "/no/such/binary");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
        assertThat(r.err()).contains("/no/such/binary");
        assertThat(ok("ps", "-aq", "--filter", "name=badstart").out()).isEmpty();
        // Without --rm the failed container stays, Created with exit code 127.
        r = d.docker("run", "--name", "badkeep", "bb", "/no/such/binary");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(ok("inspect", "-f", "{{.State.ExitCode}}", "badkeep").outTrim()).isEqualTo("127");
        ok("rm", "badkeep");
    }

    @Test
    void unknownImage_saysSo() {
        Proc.Result r = d.docker("run", "--rm", "nosuchimage");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).startsWith("Unable to find image 'nosuchimage:latest' locally\n");
    }

    @Test
    void user_getsPrimaryGroupInGroups() throws Exception {
        BusyboxRootfs.standard()
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n", 0644, 0, 0)
                .file("etc/group", "root:x:0:\napp:x:1000:\nextra:x:2000:app\n", 0644, 0, 0)
                .importInto(d, "bb-users");
        assertThat(ok("run", "--rm", "--user", "app", "bb-users", "id").outTrim())
                .isEqualTo("uid=1000(app) gid=1000(app) groups=1000(app),2000(extra)");
        ok("rmi", "bb-users");
    }

    @Test
    void env_userEntriesFirst_thenImageLeftovers() throws Exception {
        BusyboxRootfs.standard().importInto(d, "bb-env", "ENV A=img", "ENV B=img");
        try {
            // The exact order is checked over raw HTTP: docker CLI 28 itself sends repeated -e flags in a random
            // order (they pass through a Go map; 2 of 20 creates sent C=3 first).
            try (ApiClient c = d.client()) {
                ApiClient.Response r = c.postJson("/containers/create?name=envc",
                        "{\"Image\":\"bb-env\",\"Cmd\":[\"true\"],\"Env\":[\"C=3\",\"A=over\"]}".getBytes());
                assertThat(r.status()).as(r.text()).isEqualTo(201);
            }
            assertThat(ok("inspect", "-f", "{{json .Config.Env}}", "envc").outTrim())
                    .isEqualTo("[\"C=3\",\"A=over\",\"B=img\"]");
            ok("rm", "envc");
            // Through the CLI: the user's entries (in whichever order it sent them), then the image's leftovers.
            ok("create", "--name", "envc", "-e", "A=over", "-e", "C=3", "bb-env", "true");
            List<String> env = List.of(ok("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", "envc")
                    .outTrim().split("\n"));
            assertThat(env.subList(0, 2)).containsExactlyInAnyOrder("A=over", "C=3");
            assertThat(env.subList(2, env.size())).containsExactly("B=img");
        } finally {
            // A failure here must not leave a container for the other tests' `ps -aq` checks.
            d.docker("rm", "-f", "envc");
            d.docker("rmi", "bb-env");
        }
    }
}
