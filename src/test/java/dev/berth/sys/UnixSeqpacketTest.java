package dev.berth.sys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixSeqpacketTest {

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static String read(UnixSeqpacket socket, int max) throws ErrnoException {
        byte[] buf = new byte[max];
        int n = socket.read(buf, 0, max);
        return n == 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static void write(UnixSeqpacket socket, String message) throws ErrnoException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.write(bytes, 0, bytes.length);
    }

    @Test
    void readWrite_severalMessages_boundariesPreserved() throws Exception {
        Path path = dir.resolve("attach");
        try (SeqpacketServer server = SeqpacketServer.listen(path)) {
            Future<?> accepted = executor.submit(() -> {
                server.accept();
                return null;
            });
            try (UnixSeqpacket client = UnixSeqpacket.connect(path)) {
                accepted.get();
                write(client, "hello");
                write(client, "world!");
                server.send("abc");
                server.send("defgh");

                assertThat(server.receive()).isEqualTo("hello");
                assertThat(server.receive()).isEqualTo("world!");
                assertThat(read(client, 100)).isEqualTo("abc");
                assertThat(read(client, 100)).isEqualTo("defgh");
            }
        }
    }

    @Test
    void read_peerClosed_endOfStream() throws Exception {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = SeqpacketServer.listen(path)) {
            Future<?> accepted = executor.submit(() -> {
                server.accept();
                return null;
            });
            try (UnixSeqpacket client = UnixSeqpacket.connect(path)) {
                accepted.get();
                server.send("last");
                server.closePeer();

                assertThat(read(client, 100)).isEqualTo("last");
                assertThat(read(client, 100)).isNull();
                assertThatThrownBy(() -> write(client, "x"))
                        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPIPE));
            }
        }
    }

    @Test
    void shutdownWrite_peerSeesEndOfStream_clientStillReads() throws Exception {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = SeqpacketServer.listen(path)) {
            Future<?> accepted = executor.submit(() -> {
                server.accept();
                return null;
            });
            try (UnixSeqpacket client = UnixSeqpacket.connect(path)) {
                accepted.get();
                write(client, "stdin data");

                client.shutdownWrite();

                assertThat(server.receive()).isEqualTo("stdin data");
                assertThat(server.receive()).isNull();
                server.send("output after stdin closed");
                assertThat(read(client, 100)).isEqualTo("output after stdin closed");
            }
        }
    }

    @Test
    void connect_pathLongerThanSunPath_connectsThroughProcFd() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("d".repeat(60)).resolve("e".repeat(60)));
        Path shortPath = dir.resolve("s");
        Path longPath = deep.resolve("attach");
        assertThat(longPath.toString().length()).isGreaterThan(UnixSeqpacket.MAX_PATH_BYTES);
        try (SeqpacketServer server = SeqpacketServer.listen(shortPath)) {
            // A socket is found by its inode, so renaming it keeps it reachable under the long name.
            Files.move(shortPath, longPath);
            Future<?> accepted = executor.submit(() -> {
                server.accept();
                return null;
            });
            try (UnixSeqpacket client = UnixSeqpacket.connect(longPath)) {
                accepted.get();
                write(client, "ping");
                assertThat(server.receive()).isEqualTo("ping");
            }
        }
    }

    @Test
    void connect_missingSocket_enoent() throws IOException {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> UnixSeqpacket.connect(missing))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("connect " + missing + ": no such file or directory");
    }

    @Test
    void close_whileReadBlocked_readReturnsEndOfStream() throws Exception {
        Path path = dir.resolve("s");
        try (SeqpacketServer server = SeqpacketServer.listen(path)) {
            Future<?> accepted = executor.submit(() -> {
                server.accept();
                return null;
            });
            UnixSeqpacket client = UnixSeqpacket.connect(path);
            accepted.get();
            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return String.valueOf(read(client, 100));
                } catch (ErrnoException e) {
                    return e.getMessage();
                }
            }, executor);

            client.close();
            client.close();

            assertThat(blocked.get()).isIn("null", "read " + path + ": bad file descriptor");
            assertThatThrownBy(() -> read(client, 10)).hasMessage("read " + path + ": bad file descriptor");
        }
    }
}
