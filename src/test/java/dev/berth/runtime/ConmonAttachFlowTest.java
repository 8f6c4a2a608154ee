package dev.berth.runtime;

import dev.berth.sys.SeqpacketServer;
import dev.berth.sys.UnixSeqpacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Stdin flow control of an attach: the client is paused while conmon lags and resumed once it caught up. */
class ConmonAttachFlowTest {

    @TempDir
    Path dir;

    @Test
    void stdinBacklog_pausesTheClient_untilConmonReadsIt_inOrder() throws Exception {
        Path sock = dir.resolve("attach");
        try (SeqpacketServer conmon = SeqpacketServer.listen(sock)) {
            AtomicInteger pauses = new AtomicInteger();
            AtomicInteger resumes = new AtomicInteger();
            ConmonAttach attach = ConmonAttach.open("0123456789abcdef", UnixSeqpacket.connect(sock),
                    (stream, buf, off, len) -> { });
            conmon.accept();
            attach.onStdinFlow(() -> (attach.acceptsStdin() ? resumes : pauses).incrementAndGet());

            // Nobody reads on conmon's side: after the socket buffer fills, the rest stays queued.
            int chunk = 64 << 10;
            int chunks = 2 * ConmonAttach.STDIN_HIGH_WATER / chunk;
            for (int i = 0; i < chunks; i++) {
                byte[] b = new byte[chunk];
                java.util.Arrays.fill(b, (byte) ('a' + i % 26));
                attach.writeStdin(b, 0, b.length);
            }
            assertThat(pauses.get()).isEqualTo(1);
            assertThat(resumes.get()).isZero();
            assertThat(attach.acceptsStdin()).isFalse();

            attach.closeStdin();
            long received = 0;
            int expectedChunk = 0;
            long inChunk = 0;
            byte[] m;
            while ((m = conmon.receiveBytes()) != null) {
                for (byte x : m) {
                    assertThat(x).as("byte %d", received).isEqualTo((byte) ('a' + expectedChunk % 26));
                    received++;
                    if (++inChunk == chunk) {
                        inChunk = 0;
                        expectedChunk++;
                    }
                }
            }
            assertThat(received).isEqualTo((long) chunk * chunks);
            assertThat(resumes.get()).isEqualTo(1);
            assertThat(attach.acceptsStdin()).isTrue();
            attach.close();
        }
    }

    @Test
    void closedSession_changesAPausedClient() throws Exception {
        Path sock = dir.resolve("attach2");
        try (SeqpacketServer conmon = SeqpacketServer.listen(sock)) {
            AtomicInteger changes = new AtomicInteger();
            ConmonAttach attach = ConmonAttach.open("fedcba9876543210", UnixSeqpacket.connect(sock),
                    (stream, buf, off, len) -> { });
            conmon.accept();
            attach.onStdinFlow(changes::incrementAndGet);
            byte[] big = new byte[2 * ConmonAttach.STDIN_HIGH_WATER];
            attach.writeStdin(big, 0, big.length);
            attach.close();
            assertThat(changes.get()).isEqualTo(2);
            assertThat(attach.acceptsStdin()).isTrue();
        }
    }
}
