package dev.berth.volume.driver;

import dev.berth.sys.ErrnoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirSyncTest {

    @TempDir
    Path dir;

    @Test
    void sync_realDirectory_returns() throws Exception {
        new DirSync(dir).sync();
    }

    @Test
    void sync_callersDuringAnFsync_shareTheNextOne() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        Semaphore proceed = new Semaphore(0);
        DirSync sync = new DirSync(dir, d -> {
            calls.incrementAndGet();
            firstStarted.countDown();
            proceed.acquireUninterruptibly();
        });
        Thread first = Thread.ofVirtual().start(() -> syncQuietly(sync));
        firstStarted.await();
        // These arrive while the first fsync runs: it may have begun before their changes, so it does not count
        // for them; the one fsync after it covers all five.
        List<Thread> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(Thread.ofVirtual().start(() -> syncQuietly(sync)));
        }
        for (Thread t : later) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        proceed.release(10);
        first.join();
        for (Thread t : later) {
            t.join();
        }
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void sync_fsyncFails_callerGetsTheErrorAndNextCallRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DirSync sync = new DirSync(dir, d -> {
            if (calls.incrementAndGet() == 1) {
                throw new ErrnoException(5, "fsync", d.toString());
            }
        });
        assertThatThrownBy(sync::sync).isInstanceOf(ErrnoException.class);
        sync.sync();
        assertThat(calls.get()).isEqualTo(2);
    }

    private static void syncQuietly(DirSync sync) {
        try {
            sync.sync();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
