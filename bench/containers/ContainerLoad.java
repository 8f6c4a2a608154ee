// Container run-cycle load generator, run with the JDK's source launcher:
//   $JAVA_HOME/bin/java bench/containers/ContainerLoad.java api --socket S --api v1.41 --image I [options]
//   $JAVA_HOME/bin/java bench/containers/ContainerLoad.java exec [--iterations N --warmup W] -- CMD ARGS...
// No dependencies: raw HTTP/1.1 with keep-alive over unix-domain SocketChannels.
//
// api: one iteration is what `docker run --rm IMAGE true` does over the API, minus attach:
//   POST /containers/create; POST /containers/{id}/wait?condition=next-exit on a second connection (headers read,
//   kept open); POST /containers/{id}/start; read the wait body; DELETE /containers/{id}?v=1.
//   --variant none | volume (-v benchvol:/data) | bindtmpfs (--bind-src DIR:/bind + tmpfs /scratch)
//             | vol10 (-v benchvol0:/data0 ... benchvol9:/data9)
// exec: times CMD per iteration; "{i}" in an argument becomes the iteration number (e.g. a runc container id).
// Prints one line: iterations=N median_ms=.. p90_ms=.. min_ms=.. (api adds per-phase medians).
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class ContainerLoad {

    /** One keep-alive HTTP/1.1 connection over a unix socket. */
    static final class Conn implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;
        int status;
        long length;
        boolean chunked;

        Conn(Path socket) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
            out = Channels.newOutputStream(ch);
        }

        void send(String method, String path, String body) throws IOException {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth-bench\r\n");
            if (body != null) h.append("Content-Type: application/json\r\n");
            if (!method.equals("GET")) h.append("Content-Length: ").append(b.length).append("\r\n");
            h.append("\r\n");
            byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] req = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, req, head.length, b.length);
            out.write(req);
            out.flush();
        }

        /** Reads the status line and headers; the body is left for {@link #readBody}. */
        void readHead() throws IOException {
            String st = line();
            if (st == null) throw new IOException("connection closed by daemon");
            status = Integer.parseInt(st.substring(9, 12));
            length = -1;
            chunked = false;
            for (String l; !(l = line()).isEmpty(); ) {
                int c = l.indexOf(':');
                String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).trim();
                if (name.equals("content-length")) length = Long.parseLong(value);
                else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
            }
        }

        byte[] readBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) { }
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line();
                }
            } else if (length > 0) {
                body.write(in.readNBytes((int) length));
            } else if (length < 0 && status != 204 && status != 304) {
                body.write(in.readAllBytes()); // close-delimited
            }
            return body.toByteArray();
        }

        String expect(int code, String method, String path, String body) throws IOException {
            send(method, path, body);
            readHead();
            String r = new String(readBody(), StandardCharsets.UTF_8);
            if (status != code) throw new IOException(method + " " + path + " -> " + status + ": " + r);
            return r;
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

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]+)\"");
    static final Pattern STATUS = Pattern.compile("\"StatusCode\"\\s*:\\s*(\\d+)");

    static String createBody(String image, String variant, String bindSrc) {
        String host = switch (variant) {
            case "none" -> "{}";
            case "volume" -> "{\"Binds\":[\"benchvol:/data\"]}";
            case "bindtmpfs" -> "{\"Binds\":[\"" + bindSrc + ":/bind\"],\"Tmpfs\":{\"/scratch\":\"\"}}";
            case "vol10" -> {
                StringBuilder b = new StringBuilder("{\"Binds\":[");
                for (int i = 0; i < 10; i++) b.append(i == 0 ? "" : ",").append("\"benchvol").append(i).append(":/data").append(i).append('"');
                yield b.append("]}").toString();
            }
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        return "{\"Image\":\"" + image + "\",\"Cmd\":[\"true\"],\"AttachStdout\":false,\"AttachStderr\":false,"
                + "\"NetworkDisabled\":false,\"HostConfig\":" + host + "}";
    }

    static double pct(long[] sortedNs, double p) {
        int i = (int) Math.ceil(p / 100.0 * sortedNs.length) - 1;
        return sortedNs[Math.max(0, Math.min(sortedNs.length - 1, i))] / 1e6;
    }

    static String summary(List<Long> ns) {
        long[] s = ns.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "iterations=%d median_ms=%.2f p90_ms=%.2f min_ms=%.2f", s.length, pct(s, 50), pct(s, 90), s[0] / 1e6);
    }

    static double median(List<Long> ns) {
        long[] s = ns.stream().mapToLong(Long::longValue).sorted().toArray();
        return pct(s, 50);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: ContainerLoad api|exec [options]");
            System.exit(2);
        }
        String mode = argv[0];
        Map<String, String> o = new HashMap<>();
        List<String> cmd = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--")) {
                cmd.addAll(Arrays.asList(argv).subList(i + 1, argv.length));
                break;
            }
            o.put(argv[i].substring(2), argv[++i]);
        }
        int iterations = Integer.parseInt(o.getOrDefault("iterations", "50"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        List<Long> total = new ArrayList<>();
        try {
            if (mode.equals("exec")) {
                for (int i = 0; i < warmup + iterations; i++) {
                    List<String> c = new ArrayList<>();
                    for (String a : cmd) c.add(a.replace("{i}", String.valueOf(i)));
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder(c).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    int rc = p.waitFor();
                    long ns = System.nanoTime() - t0;
                    if (rc != 0) throw new IOException(String.join(" ", c) + " exited " + rc);
                    if (i >= warmup) total.add(ns);
                }
                System.out.println(summary(total));
                return;
            }
            if (!mode.equals("api")) throw new IllegalArgumentException("unknown mode " + mode);
            Path socket = Path.of(o.get("socket"));
            String api = o.containsKey("api") ? "/" + o.get("api") : "";
            String body = createBody(o.getOrDefault("image", "bench-busybox"), o.getOrDefault("variant", "none"), o.get("bind-src"));
            List<Long> create = new ArrayList<>(), start = new ArrayList<>(), run = new ArrayList<>(), remove = new ArrayList<>();
            try (Conn c = new Conn(socket); Conn w = new Conn(socket)) {
                for (int i = 0; i < warmup + iterations; i++) {
                    long t0 = System.nanoTime();
                    Matcher m = ID.matcher(c.expect(201, "POST", api + "/containers/create", body));
                    if (!m.find()) throw new IOException("no Id in create response");
                    String id = m.group(1);
                    long t1 = System.nanoTime();
                    w.send("POST", api + "/containers/" + id + "/wait?condition=next-exit", null);
                    w.readHead();
                    if (w.status != 200) throw new IOException("wait -> " + w.status + ": " + new String(w.readBody(), StandardCharsets.UTF_8));
                    long t2 = System.nanoTime();
                    c.expect(204, "POST", api + "/containers/" + id + "/start", null);
                    long t3 = System.nanoTime();
                    String waited = new String(w.readBody(), StandardCharsets.UTF_8);
                    Matcher sc = STATUS.matcher(waited);
                    if (!sc.find() || !sc.group(1).equals("0")) throw new IOException("container exited abnormally: " + waited);
                    long t4 = System.nanoTime();
                    c.expect(204, "DELETE", api + "/containers/" + id + "?v=1", null);
                    long t5 = System.nanoTime();
                    if (i >= warmup) {
                        total.add(t5 - t0);
                        create.add(t2 - t0); // create + wait request
                        start.add(t3 - t2);
                        run.add(t4 - t3);
                        remove.add(t5 - t4);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s create_ms=%.2f start_ms=%.2f exit_ms=%.2f remove_ms=%.2f%n", summary(total),
                    median(create), median(start), median(run), median(remove));
        } catch (Exception e) {
            System.err.println("ContainerLoad " + mode + ": " + e);
            System.exit(1);
        }
    }
}
