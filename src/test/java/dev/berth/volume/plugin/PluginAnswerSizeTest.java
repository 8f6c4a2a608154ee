package dev.berth.volume.plugin;

import dev.berth.http.HttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** HttpConnection's answer size cap (the plugin client's 64 MiB), checked before a chunk is read. */
class PluginAnswerSizeTest {

    @TempDir
    Path dir;

    /**
     * The cap is checked against a Content-Length before reading, but a chunk's declared size only after the whole
     * chunk was read: one chunk header of up to 2 GiB makes the daemon buffer it all (twice, with the copy into the
     * body) before refusing. Here a 1 KiB cap and a chunk declared as 64 MiB of which 1 MiB comes: the call waits
     * for the rest until its deadline instead of failing at the header.
     */
    @Test
    void chunkLargerThanTheCap_refusedAtItsHeader() throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    c.read(ByteBuffer.allocate(4096));
                    c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(64 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                    c.write(ByteBuffer.allocate(1 << 20));
                    Thread.sleep(10_000); // the rest never comes (a stuck or hostile plugin)
                } catch (IOException | InterruptedException e) {
                    // closed by the test
                }
            });
            HttpConnection conn = new HttpConnection(UnixDomainSocketAddress.of(sock), "",
                    HttpConnection.headers("Host", ""), false, 1024);
            Throwable e = catchThrowable(() -> conn.request("POST", "/VolumeDriver.List", null, "{}\n".getBytes(),
                    Duration.ofSeconds(3)));
            conn.close();
            t.interrupt();

            assertThat(e).as("answer whose chunk header declares 64 MiB, cap 1 KiB")
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpConnection.TimeoutException.class)
                    .hasMessage("response body larger than 1024 bytes");
        }
    }
}
