package dev.berth.runtime;

import dev.berth.errors.ConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("root")
@Timeout(180)
class ConmonRuntimeIT {

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

    @Test
    void run_echo_outputInLogAndExitZero() throws Exception {
        String id = fx.create(List.of("echo", "hi"));
        assertThat(fx.runtime.state(id)).get().extracting(RuntimeState::status).isEqualTo(RuntimeState.Status.CREATED);

        fx.runtime.start(id);
        ExitEvent exit = fx.awaitExit(id);

        assertThat(exit.exitCode()).isZero();
        assertThat(fx.logText(id)).isEqualTo("hi\n");
        assertThat(fx.runtime.state(id)).get().extracting(RuntimeState::status).isEqualTo(RuntimeState.Status.STOPPED);
    }

    @Test
    void run_exit3_exitCodeReported() throws Exception {
        String id = fx.create(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        fx.runtime.start(id);
        ExitEvent exit = fx.awaitExit(id);

        assertThat(exit.exitCode()).isEqualTo(3);
        List<String> lines = new java.util.ArrayList<>();
        fx.runtime.logs().read(fx.logPath(id), LogQuery.all(), e -> lines.add(e.stream() + ":" + e.text()), null);
        assertThat(lines).containsExactlyInAnyOrder("STDOUT:out\n", "STDERR:err\n");
    }

    @Test
    void create_missingExecutable_failsWithRuncMessageAndLeavesNothing() throws Exception {
        String id = RuntimeFixture.newId();
        fx.track(id);
        var bundle = fx.bundle(id, List.of("/nonexistent"), UnaryOperator.identity());

        assertThatThrownBy(() -> fx.runtime.create(id, bundle, CreateOptions.logTo(fx.logPath(id))))
                .isInstanceOf(OciRuntimeException.class)
                .hasMessageContaining("exec: \"/nonexistent\": stat /nonexistent: no such file or directory");
        assertThat(fx.runtime.state(id)).isEmpty();
        assertThat(fx.stateDir.resolve("ctr").resolve(id)).doesNotExist();
    }

    @Test
    void create_bindSourceMissing_failsWithRuncMessage() throws Exception {
        String id = RuntimeFixture.newId();
        fx.track(id);
        var bundle = fx.bundle(id, List.of("true"), b -> b.mounts(List.of(new OciSpec.Mount("/data", "bind",
                "/nonexistent-berth-source", List.of("rbind", "rprivate")))));

        assertThatThrownBy(() -> fx.runtime.create(id, bundle, CreateOptions.logTo(fx.logPath(id))))
                .isInstanceOf(OciRuntimeException.class)
                .hasMessageStartingWith("runc create failed: unable to start container process: ")
                .hasMessageContaining("/nonexistent-berth-source")
                .hasMessageContaining("no such file or directory");
        assertThat(fx.runtime.state(id)).isEmpty();
    }

    @Test
    void attachAndResize_exitedContainer_notRunning() throws Exception {
        String id = fx.create(List.of("true"));
        fx.runtime.start(id);
        fx.awaitExit(id);

        assertThatThrownBy(() -> fx.runtime.attach(id, (s, b, o, l) -> { }))
                .isInstanceOf(ContainerNotRunningException.class);
        assertThatThrownBy(() -> fx.runtime.resize(id, 10, 10))
                .isInstanceOf(ContainerNotRunningException.class);
    }

    @Test
    void attach_stdinRoundTrip_catEchoesAndExitsOnStdinClose() throws Exception {
        String id = fx.create(List.of("cat"), UnaryOperator.identity(), o -> o.withStdin(true, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (AttachSession session = fx.runtime.attach(id, (stream, buf, off, len) -> {
            synchronized (out) {
                out.write(buf, off, len);
            }
        })) {
            fx.runtime.start(id);
            byte[] hello = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
            session.writeStdin(hello, 0, hello.length);
            session.closeStdin();
            session.done().get();
        }

        assertThat(fx.awaitExit(id).exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nworld\n");
        assertThat(fx.logText(id)).isEqualTo("hello\nworld\n");
    }

    @Test
    void attach_tty_outputAndResize() throws Exception {
        String id = fx.create(List.of("sh", "-c", "tty; stty size; while read x; do s=$(stty size); echo \"$s\"; [ \"$s\" = '50 120' ] && exit 0; done"),
                b -> b.terminal(true).consoleSize(30, 90), o -> o.withTty(true).withStdin(true, true));
        StringBuilder out = new StringBuilder();

        try (AttachSession session = fx.runtime.attach(id, (stream, buf, off, len) -> {
            synchronized (out) {
                assertThat(stream).isEqualTo(StdStream.STDOUT);
                out.append(new String(buf, off, len, StandardCharsets.UTF_8));
                out.notifyAll();
            }
        })) {
            fx.runtime.start(id);
            awaitText(out, "30 90", session);
            fx.runtime.resize(id, 50, 120);
            // The resize (ctl fifo) and stdin (attach socket) reach conmon on different channels, in no set order:
            // ask for the size until the new one shows.
            for (int i = 0; i < 100 && !contains(out, "50 120\r\n"); i++) {
                session.writeStdin("\n".getBytes(StandardCharsets.UTF_8), 0, 1);
                synchronized (out) {
                    out.wait(100);
                }
            }
            session.done().get();
        }

        assertThat(fx.awaitExit(id).exitCode()).isZero();
        assertThat(out.toString()).contains("/dev/pts/0\r\n").contains("30 90\r\n").contains("50 120\r\n");
    }

    @Test
    void stop_processIgnoringTerm_killedAfterTimeout() throws Exception {
        String id = fx.create(List.of("sh", "-c", "trap '' TERM; echo ready; sleep 100"));
        fx.runtime.start(id);
        awaitLog(id, "ready\n");

        ExitEvent exit = fx.runtime.stop(id, Signals.SIGTERM, Duration.ofSeconds(1));

        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(fx.awaitExit(id).exitCode()).isEqualTo(137);
    }

    @Test
    void stop_processHandlingTerm_exitsWithItsCode() throws Exception {
        String id = fx.create(List.of("sh", "-c", "trap 'exit 42' TERM; echo ready; while :; do sleep 1; done"));
        fx.runtime.start(id);
        awaitLog(id, "ready\n");

        ExitEvent exit = fx.runtime.stop(id, Signals.SIGTERM, Duration.ofSeconds(60));

        assertThat(exit.exitCode()).isEqualTo(42);
    }

    @Test
    void stop_afterTheExitWasHandledAndDeleted_notRunningAtOnce() throws Exception {
        // The engine handles an exit by deleting the runtime's state (runc's own delete finishes in the
        // background); a stop that arrives right after (docker rm -f racing the exit) must not wait for an exit
        // event that already came (it waited 30 s and failed).
        String id = fx.create(List.of("true"));
        fx.runtime.start(id);
        fx.awaitExit(id);
        fx.runtime.delete(id, true);

        assertThatThrownBy(() -> fx.runtime.stop(id, Signals.SIGKILL, Duration.ZERO))
                .isInstanceOf(ContainerNotRunningException.class);
    }

    @Test
    void stopAndKill_whileTheDeleteOfAnExitedContainerRuns_exitAndNotRunning() throws Exception {
        // Between runc's delete and the removal of berth's own state (an exit being handled), runc no longer
        // knows the container: a stop (docker rm -f racing the exit) returns the exit that came, and a kill is
        // "not running", never runc's "container does not exist" (it failed Testcontainers' remove with 404).
        String id = fx.create(List.of("sh", "-c", "exit 7"));
        fx.runtime.start(id);
        fx.awaitExit(id);
        Runc.capture(RuntimeFixture.RUNC, "--root=" + fx.stateDir.resolve("runc"), "delete", "--force", id);

        assertThat(fx.runtime.stop(id, Signals.SIGKILL, Duration.ZERO).exitCode()).isEqualTo(7);
        assertThatThrownBy(() -> fx.runtime.kill(id, Signals.SIGKILL))
                .isInstanceOf(ContainerNotRunningException.class)
                .hasMessage("container " + id + " is not running");
    }

    @Test
    void stop_afterTheDeleteForgotTheExit_butBeforeItsDirectoryWent_notRunningAtOnce() throws Exception {
        // A delete forgets the exit, then removes the exit file and the container's directory. A force remove
        // racing it made a new exit waiter in between: runc no longer knew the container, no exit event could
        // come, and the stop waited 30 s and failed ("did not receive an exit event"), leaving the container.
        String id = fx.create(List.of("true"));
        fx.runtime.start(id);
        fx.awaitExit(id);
        Runc.capture(RuntimeFixture.RUNC, "--root=" + fx.stateDir.resolve("runc"), "delete", "--force", id);
        java.lang.reflect.Field exits = ConmonRuntime.class.getDeclaredField("exits");
        exits.setAccessible(true);
        ((ExitWatcher) exits.get(fx.runtime)).forget(id);
        Files.delete(new StateLayout(fx.stateDir).exitFile(id));

        assertThatThrownBy(() -> fx.runtime.stop(id, Signals.SIGKILL, Duration.ZERO))
                .isInstanceOf(ContainerNotRunningException.class);
        assertThatThrownBy(() -> fx.runtime.stop(id, Signals.SIGTERM, Duration.ofSeconds(10)))
                .isInstanceOf(ContainerNotRunningException.class);
    }

    @Test
    void kill_exitedContainer_notRunning() throws Exception {
        String id = fx.create(List.of("true"));
        fx.runtime.start(id);
        fx.awaitExit(id);

        assertThatThrownBy(() -> fx.runtime.kill(id, Signals.SIGKILL))
                .isInstanceOf(ContainerNotRunningException.class)
                .hasMessage("container " + id + " is not running");
    }

    @Test
    void delete_runningWithoutForce_conflictThenForceRemoves() throws Exception {
        String id = fx.create(List.of("sleep", "100"));
        fx.runtime.start(id);

        assertThatThrownBy(() -> fx.runtime.delete(id, false)).isInstanceOf(ConflictException.class)
                .hasMessage("container " + id + " is running: stop it before deleting");
        fx.runtime.delete(id, true);

        assertThat(fx.runtime.state(id)).isEmpty();
        assertThat(fx.stateDir.resolve("exits").resolve(id)).doesNotExist();
    }

    @Test
    void create_afterExitAndDelete_sameIdRunsAgain() throws Exception {
        String id = RuntimeFixture.newId();
        fx.track(id);
        var bundle = fx.bundle(id, List.of("sh", "-c", "echo run"), UnaryOperator.identity());
        fx.runtime.create(id, bundle, CreateOptions.logTo(fx.logPath(id)));
        fx.runtime.start(id);
        fx.awaitExit(id);
        fx.runtime.delete(id, false);

        fx.runtime.create(id, bundle, CreateOptions.logTo(fx.logPath(id)));
        fx.runtime.start(id);

        assertThat(fx.awaitExit(id).exitCode()).isZero();
        assertThat(fx.logText(id)).isEqualTo("run\nrun\n");
    }

    @Test
    void start_twice_secondFailsWithRuncMessage() throws Exception {
        String id = fx.create(List.of("sleep", "100"));
        fx.runtime.start(id);
        assertThat(fx.runtime.state(id)).get().extracting(RuntimeState::status).isEqualTo(RuntimeState.Status.RUNNING);

        assertThatThrownBy(() -> fx.runtime.start(id)).isInstanceOf(OciRuntimeException.class)
                .hasMessageContaining("cannot start an already running container");
    }

    @Test
    void start_initDiedBeforeStart_failsWithRuncMessage() throws Exception {
        String id = fx.create(List.of("echo", "never"));
        int pid = fx.runtime.state(id).orElseThrow().pid();
        dev.berth.sys.FileSys.kill(pid, dev.berth.sys.FileSys.SIGKILL);
        fx.awaitExit(id);

        assertThatThrownBy(() -> fx.runtime.start(id)).isInstanceOf(OciRuntimeException.class)
                .hasMessageContaining("stopped");
        assertThat(fx.logText(id)).isEmpty();
    }

    @Test
    void delete_afterExit_runtimeForgetsContainer() throws Exception {
        String id = fx.create(List.of("true"));
        fx.runtime.start(id);
        fx.awaitExit(id);

        fx.runtime.delete(id, true);

        assertThat(fx.runtime.state(id)).isEmpty();
        assertThat(fx.stateDir.resolve("runc").resolve(id)).doesNotExist();
        assertThat(fx.stateDir.resolve("exits").resolve(id)).doesNotExist();
    }

    @Test
    void network_none_onlyLoopback() throws Exception {
        String id = fx.create(List.of("sh", "-c", "ip -o link show | cut -d: -f2"), b -> b.networkMode("none"),
                UnaryOperator.identity());

        fx.runtime.start(id);
        fx.awaitExit(id);

        assertThat(fx.logText(id).strip()).isEqualTo("lo");
    }

    private void awaitLog(String id, String text) throws Exception {
        StringBuilder sb = new StringBuilder();
        fx.runtime.logs().read(fx.logPath(id), new LogQuery(true, true, -1, null, null, true), e -> {
            sb.append(e.text());
            return !sb.toString().contains(text);
        }, new java.util.concurrent.CompletableFuture<>());
    }

    private static boolean contains(StringBuilder out, String text) {
        synchronized (out) {
            return out.toString().contains(text);
        }
    }

    private static void awaitText(StringBuilder out, String text, AttachSession session) throws InterruptedException {
        synchronized (out) {
            while (!out.toString().contains(text)) {
                if (session.done().isDone()) {
                    throw new AssertionError("output ended without " + text + ": " + out);
                }
                out.wait(1000);
            }
        }
    }
}
