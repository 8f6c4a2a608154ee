// Load generator for the Engine API's volume endpoints, run with the JDK's source launcher:
//   $JAVA_HOME/bin/java bench/volumes/VolumeLoad.java --socket /run/x.sock --api v1.41 <command> [options]
// No dependencies: raw HTTP/1.1 with keep-alive over a unix-domain SocketChannel, one connection per client.
// Prints one line of key=value results on stdout (the scripts parse it); errors go to stderr and exit 1.
//
// Commands:
//   create  --prefix P --count N --clients C [--label-every K] [--driver D]
//                                                                volumes P<i> (of driver D); every K-th gets label
//                                                                bench=sel, the others bench=other
//   inspect --prefix P --count N --ops M --clients C [--warmup W]
//                                                                M inspects of random names among P0..P(N-1),
//                                                                after W of them not counted (the client's JIT)
//   remove  --prefix P --count N --clients C                    removes P0..P(N-1)
//   get     --path PATH --reps R [--max-seconds S]               3 warm-up GETs, then R timed (at least 3 once S is exceeded)
//   post    --path PATH [--body JSON] [--expect STATUS]          one timed POST (answered STATUS, default 200), after an untimed GET /_ping on the
//                                                                same connection (the client's own HTTP code is
//                                                                then loaded; the POST measures the daemon)
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

public final class VolumeLoad {

    /** One keep-alive HTTP/1.1 connection over a unix socket; not thread-safe (one per client thread). */
    static final class Conn implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;
        int lastStatus;
        /**
         * The last response's body, in a buffer reused for every response: a fresh array per response would make
         * the client fault in new pages for every list (20-27 µs each on a PVM guest), ~35 ms per list of 10,000
         * volumes, which is then measured as if the daemon took it.
         */
        byte[] body = new byte[64 * 1024];
        int bodyLength;

        Conn(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
            out = Channels.newOutputStream(ch);
        }

        /** Sends one request and reads the response; returns the body's length (the body is in {@link #body}). */
        int call(String method, String path, String body) throws IOException {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(128).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth-bench\r\n");
            if (body != null) {
                h.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                h.append("Content-Length: 0\r\n");
            }
            h.append("\r\n");
            byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] req = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, req, head.length, b.length);
            out.write(req);
            out.flush();
            return readResponse();
        }

        /** Reads status line, headers and body (Content-Length or chunked) into {@link #body}; returns its length. */
        int readResponse() throws IOException {
            String status = line();
            if (status == null) throw new IOException("connection closed by daemon");
            lastStatus = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String l; !(l = line()).isEmpty(); ) {
                int c = l.indexOf(':');
                String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).trim();
                if (name.equals("content-length")) length = Long.parseLong(value);
                else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
            }
            bodyLength = 0;
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) { }
                        break;
                    }
                    readBody(n);
                    line();
                }
            } else if (length > 0) {
                readBody((int) length);
            }
            return bodyLength;
        }

        private void readBody(int n) throws IOException {
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, Math.max(bodyLength + n, body.length * 2));
            }
            if (in.readNBytes(body, bodyLength, n) != n) throw new IOException("short body");
            bodyLength += n;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        int expect(int code, String method, String path, String body) throws IOException {
            int n = call(method, path, body);
            if (lastStatus != code) {
                throw new IOException(method + " " + path + " -> " + lastStatus + ": "
                        + new String(this.body, 0, n, StandardCharsets.UTF_8));
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    interface Op {
        void run(Conn c, int i) throws IOException;
    }

    /** Runs ops 0..count-1 on `clients` threads (each with its own connection); returns per-op latencies in ns. */
    static long[] drive(Path socket, int count, int clients, Op op) throws Exception {
        long[] lat = new long[count];
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < clients; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Conn c = new Conn(socket)) {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        long t0 = System.nanoTime();
                        op.run(c, i);
                        lat[i] = System.nanoTime() - t0;
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    next.set(count);
                }
            }));
        }
        for (Thread th : threads) th.join();
        if (failure[0] != null) throw new RuntimeException(failure[0]);
        return lat;
    }

    static double pct(long[] sortedNs, double p) {
        if (sortedNs.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * sortedNs.length) - 1;
        return sortedNs[Math.max(0, Math.min(sortedNs.length - 1, i))] / 1e6;
    }

    static String rate(long[] lat, long wallNs) {
        long[] s = lat.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "ops=%d seconds=%.3f ops_per_s=%.1f p50_ms=%.3f p99_ms=%.3f",
                lat.length, wallNs / 1e9, lat.length / (wallNs / 1e9), pct(s, 50), pct(s, 99));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new HashMap<>();
        String cmd = null;
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].startsWith("--")) o.put(argv[i].substring(2), argv[++i]);
            else cmd = argv[i];
        }
        if (cmd == null || !o.containsKey("socket")) {
            System.err.println("usage: VolumeLoad --socket S [--api v1.41] create|inspect|remove|get|post [options]");
            System.exit(2);
        }
        Path socket = Path.of(o.get("socket"));
        String api = o.containsKey("api") ? "/" + o.get("api") : "";
        String prefix = o.getOrDefault("prefix", "bv");
        int count = Integer.parseInt(o.getOrDefault("count", "1000"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "1"));
        try {
            switch (cmd) {
                case "create" -> {
                    int every = Integer.parseInt(o.getOrDefault("label-every", "100"));
                    String driver = o.containsKey("driver") ? ",\"Driver\":\"" + o.get("driver") + "\"" : "";
                    long t0 = System.nanoTime();
                    long[] lat = drive(socket, count, clients, (c, i) -> c.expect(201, "POST", api + "/volumes/create",
                            "{\"Name\":\"" + prefix + i + "\"" + driver + ",\"Labels\":{\"bench\":\"" + (i % every == 0 ? "sel" : "other") + "\"}}"));
                    System.out.println(rate(lat, System.nanoTime() - t0));
                }
                case "inspect" -> {
                    int ops = Integer.parseInt(o.getOrDefault("ops", String.valueOf(count)));
                    int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
                    Op inspect = (c, i) ->
                            c.expect(200, "GET", api + "/volumes/" + prefix + ThreadLocalRandom.current().nextInt(count), null);
                    if (warmup > 0) {
                        drive(socket, warmup, clients, inspect);
                    }
                    long t0 = System.nanoTime();
                    long[] lat = drive(socket, ops, clients, inspect);
                    System.out.println(rate(lat, System.nanoTime() - t0));
                }
                case "remove" -> {
                    long t0 = System.nanoTime();
                    long[] lat = drive(socket, count, clients, (c, i) -> c.expect(204, "DELETE", api + "/volumes/" + prefix + i, null));
                    System.out.println(rate(lat, System.nanoTime() - t0));
                }
                case "get" -> {
                    int reps = Integer.parseInt(o.getOrDefault("reps", "20"));
                    double maxSeconds = Double.parseDouble(o.getOrDefault("max-seconds", "1e9"));
                    String path = api + o.get("path");
                    List<Long> lat = new ArrayList<>();
                    int bytes = 0;
                    long start = System.nanoTime();
                    try (Conn c = new Conn(socket)) {
                        for (int w = 0; w < 3; w++) c.expect(200, "GET", path, null); // warm-up, not counted
                        for (int r = 0; r < reps; r++) {
                            long t0 = System.nanoTime();
                            bytes = c.expect(200, "GET", path, null);
                            lat.add(System.nanoTime() - t0);
                            if (r >= 2 && (System.nanoTime() - start) / 1e9 > maxSeconds) break;
                        }
                    }
                    long[] s = lat.stream().mapToLong(Long::longValue).sorted().toArray();
                    System.out.printf(Locale.ROOT, "reps=%d median_ms=%.3f min_ms=%.3f p90_ms=%.3f bytes=%d%n",
                            s.length, pct(s, 50), s[0] / 1e6, pct(s, 90), bytes);
                }
                case "post" -> {
                    String path = api + o.get("path");
                    try (Conn c = new Conn(socket)) {
                        c.expect(200, "GET", "/_ping", null);
                        long t0 = System.nanoTime();
                        int r = c.expect(Integer.parseInt(o.getOrDefault("expect", "200")), "POST", path, o.get("body"));
                        long ns = System.nanoTime() - t0;
                        System.out.printf(Locale.ROOT, "seconds=%.4f bytes=%d%n", ns / 1e9, r);
                    }
                }
                default -> {
                    System.err.println("unknown command " + cmd);
                    System.exit(2);
                }
            }
        } catch (Exception e) {
            System.err.println("VolumeLoad " + cmd + ": " + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
        }
    }
}
