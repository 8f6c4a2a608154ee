package dev.berth.api.routes;

import dev.berth.api.Hijacked;
import dev.berth.runtime.StdStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Output kept before the upgrade: in order, bounded (the reader waits), and input flow state carried over. */
class AttachBridgeTest {

    /** A hijacked connection that records what is written and whether input is paused. */
    static final class FakeConn implements Hijacked {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile java.util.function.BooleanSupplier flow;
        volatile boolean closed;

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            written.write(bytes, offset, length);
        }

        @Override
        public void onInput(Consumer<byte[]> consumer) {
        }

        @Override
        public void inputFlow(java.util.function.BooleanSupplier accepting) {
            flow = accepting;
        }

        @Override
        public void onClose(Runnable action) {
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void earlyOutput_writtenInOrderAtBind_thenDirectly() {
        AttachBridge bridge = new AttachBridge(true);
        assertThat(bridge.output(StdStream.STDOUT, "one ".getBytes(), 0, 4)).isTrue();
        assertThat(bridge.output(StdStream.STDERR, "two ".getBytes(), 0, 4)).isTrue();
        FakeConn conn = new FakeConn();
        bridge.bind(conn);
        assertThat(bridge.output(StdStream.STDOUT, "three".getBytes(), 0, 5)).isTrue();
        assertThat(conn.written.toString()).isEqualTo("one two three");
    }

    @Test
    void earlyOutput_overTheLimit_waitsForTheUpgrade() throws Exception {
        AttachBridge bridge = new AttachBridge(true);
        byte[] chunk = new byte[64 << 10];
        int fits = AttachBridge.EARLY_LIMIT / chunk.length;
        for (int i = 0; i < fits; i++) {
            assertThat(bridge.output(StdStream.STDOUT, chunk, 0, chunk.length)).isTrue();
        }
        CompletableFuture<Boolean> blocked = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() ->
                blocked.complete(bridge.output(StdStream.STDOUT, chunk, 0, chunk.length)));
        awaitWaiting(reader);
        assertThat(blocked).isNotDone();

        FakeConn conn = new FakeConn();
        bridge.bind(conn);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(conn.written.size()).isEqualTo((fits + 1) * chunk.length);
    }

    @Test
    void close_releasesAWaitingReader() throws Exception {
        AttachBridge bridge = new AttachBridge(false);
        byte[] chunk = new byte[AttachBridge.EARLY_LIMIT];
        assertThat(bridge.output(StdStream.STDOUT, chunk, 0, chunk.length)).isTrue();
        CompletableFuture<Boolean> blocked = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() ->
                blocked.complete(bridge.output(StdStream.STDOUT, chunk, 0, 1)));
        awaitWaiting(reader);
        bridge.close();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void inputFlowSetBeforeBind_reachesTheConnection() {
        AttachBridge bridge = new AttachBridge(false);
        java.util.concurrent.atomic.AtomicBoolean accepting = new java.util.concurrent.atomic.AtomicBoolean(false);
        bridge.inputFlow(accepting::get);
        FakeConn conn = new FakeConn();
        bridge.bind(conn);
        assertThat(conn.flow.getAsBoolean()).isFalse();
        accepting.set(true);
        assertThat(conn.flow.getAsBoolean()).isTrue();
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 1000 && t.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(5);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }
}
