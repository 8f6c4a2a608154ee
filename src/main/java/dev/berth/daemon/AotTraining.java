package dev.berth.daemon;

import dev.berth.cli.ApiClient;
import dev.berth.errors.InternalException;
import dev.berth.sys.Trees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The AOT cache's training run ({@code bin/berthd} runs it once per build, under {@code -XX:AOTCacheOutput}): a
 * daemon on a temporary data root and socket, driven through its own API with the requests clients send most — the
 * volume endpoints with their filters, errors and prune, events, version, info and disk usage. The cache then holds
 * the classes of those paths, loaded and linked, with their profiles, whatever the first real run after a build
 * happens to do. Without it, the first prune after a start loaded its classes from the jar (≈20–25 ms of a 10,000
 * volume prune). Exits non-zero when a request does not answer as expected, so a broken build never writes a cache.
 */
public final class AotTraining {

    /** Volumes created per round; enough calls for the profiles to see each path as hot. */
    static final int VOLUMES = 300;
    private static final int ROUNDS = 2;

    private AotTraining() {
    }

    public static void main(String[] argv) throws IOException {
        Logging.configure("warn");
        Path base = Files.createTempDirectory("berth-aot-training");
        try {
            DaemonConfig config = new DaemonConfig(base.resolve("root"), base.resolve("berth.sock"),
                    base.resolve("exec"), "warn");
            try (Daemon daemon = Daemon.start(config); ApiClient client = new ApiClient(config.socket(), "1.50")) {
                for (int round = 0; round < ROUNDS; round++) {
                    run(client, "r" + round + "-");
                }
            }
        } finally {
            Trees.deleteRecursively(base);
        }
    }

    /** One round: every request a client sends in a volume's life, plus the system endpoints. */
    public static void run(ApiClient c, String prefix) throws IOException {
        expect(c.get("/_ping"), 200);
        expect(c.get("/version"), 200);
        expect(c.get("/info"), 200);
        for (int i = 0; i < VOLUMES; i++) {
            String labels = i % 10 == 0 ? "{\"aot\":\"sel\"}" : "{\"aot\":\"other\"}";
            expect(c.postJson("/volumes/create", json("{\"Name\":\"" + prefix + i + "\",\"Labels\":" + labels + "}")),
                    201);
        }
        expect(c.postJson("/volumes/create", json("{}")), 201);
        expect(c.postJson("/volumes/create", json("{\"Name\":\"" + prefix + "0\"}")), 201);
        expect(c.postJson("/volumes/create", json("{\"Name\":\"bad/name\"}")), 400);
        for (int i = 0; i < VOLUMES; i++) {
            expect(c.get("/volumes/" + prefix + i), 200);
        }
        expect(c.get("/volumes/" + prefix + "missing"), 404);
        for (String filters : List.of("", "{\"label\":[\"aot=sel\"]}", "{\"label\":{\"aot\":true}}",
                "{\"dangling\":[\"true\"]}", "{\"name\":[\"" + prefix + "1\"]}", "{\"driver\":[\"local\"]}")) {
            for (int rep = 0; rep < 20; rep++) {
                expect(c.get(filters.isEmpty() ? "/volumes" : "/volumes?filters=" + ApiClient.enc(filters)), 200);
            }
        }
        expect(c.get("/volumes?filters=" + ApiClient.enc("{\"nope\":[\"x\"]}")), 400);
        expect(c.get("/system/df?type=volume"), 200);
        for (int i = 0; i < VOLUMES / 2; i++) {
            expect(c.delete("/volumes/" + prefix + i), 204);
        }
        expect(c.delete("/volumes/" + prefix + "missing"), 404);
        expect(c.delete("/volumes/" + prefix + "missing?force=1"), 204);
        expect(c.postJson("/volumes/prune?filters=" + ApiClient.enc("{\"label\":[\"aot=sel\"]}"), null), 200);
        expect(c.postJson("/volumes/prune?filters=" + ApiClient.enc("{\"all\":[\"true\"]}"), null), 200);
        expect(c.get("/events?since=0&until=" + System.currentTimeMillis() / 1000), 200);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(ApiClient.Response r, int status) {
        if (r.status() != status) {
            throw new InternalException("AOT training: expected " + status + ", got " + r.status() + ": " + r.text());
        }
    }
}
