package dev.berth.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends exact bytes over the daemon socket and reads the raw reply until the server closes or a timeout. */
final class RawHttp {

    private RawHttp() {
    }

    /** Writes {@code request} and reads until the server closes the connection (or 5 s pass). */
    static String exchange(Path socket, String request) throws IOException {
        return exchange(socket, request, 0);
    }

    /** As {@link #exchange(Path, String)}, starting to read only after {@code readDelayMs} (a slow client). */
    static String exchange(Path socket, String request, long readDelayMs) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ch.shutdownOutput();
            if (readDelayMs > 0) {
                try {
                    Thread.sleep(readDelayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // A blocking read has no timeout of its own: a watchdog closes the channel at the deadline.
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(5000);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // done in time, or closing anyway
                }
            });
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (java.nio.channels.AsynchronousCloseException e) {
                // the deadline passed: what arrived so far is the answer
            } finally {
                watchdog.interrupt();
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** One response out of a raw byte exchange (ISO-8859-1 text), its body decoded from chunks when chunked. */
    record Reply(int status, java.util.Map<String, String> headers, String body, int chunks, int end) {

        /** Parses the response that starts at {@code from}; {@link #end} is where the next one starts. */
        static Reply parse(String raw, int from) {
            int headEnd = raw.indexOf("\r\n\r\n", from);
            if (headEnd < 0) {
                throw new IllegalArgumentException("no complete response at " + from);
            }
            String[] lines = raw.substring(from, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            int pos = headEnd + 4;
            if ("chunked".equals(headers.get("transfer-encoding"))) {
                StringBuilder body = new StringBuilder();
                int chunks = 0;
                while (true) {
                    int lineEnd = raw.indexOf("\r\n", pos);
                    int size = Integer.parseInt(raw.substring(pos, lineEnd), 16);
                    pos = lineEnd + 2;
                    if (size == 0) {
                        // No trailers: the empty line ends the message.
                        return new Reply(status, headers, body.toString(), chunks, pos + 2);
                    }
                    body.append(raw, pos, pos + size);
                    chunks++;
                    pos += size + 2;
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Reply(status, headers, raw.substring(pos, pos + length), 0, pos + length);
        }
    }
}
