package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of berthd in the middle of concurrent creates and removes: after a restart every acknowledged create
 * exists, every acknowledged remove is gone, and nothing is half there (no directory without metadata or the
 * other way round).
 */
class VolumeCrashIT {

    @Test
    void kill9_duringConcurrentCreatesAndRemoves_losesNothingAcknowledged() throws Exception {
        try (TestDaemon d = TestDaemon.subprocess()) {
            Set<String> created = ConcurrentHashMap.newKeySet();
            Set<String> removed = ConcurrentHashMap.newKeySet();
            Set<String> uncertain = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(6);
            Thread[] workers = new Thread[6];
            for (int w = 0; w < workers.length; w++) {
                int id = w;
                workers[w] = Thread.ofPlatform().start(() -> {
                    try (ApiClient c = d.client("1.50")) {
                        for (int i = 0; !stop.get(); i++) {
                            String name = "w" + id + "-" + i;
                            uncertain.add(name);
                            ApiClient.Response r = c.postJson("/volumes/create",
                                    ("{\"Name\":\"" + name + "\",\"Labels\":{\"w\":\"" + id + "\"}}").getBytes());
                            if (r.status() == 201) {
                                created.add(name);
                            }
                            uncertain.remove(name);
                            if (i % 3 == 0) {
                                String victim = "w" + id + "-" + (i / 2);
                                if (created.contains(victim) && !removed.contains(victim)) {
                                    // Until the answer arrives, the remove may or may not have happened.
                                    uncertain.add(victim);
                                    if (c.delete("/volumes/" + victim).status() == 204) {
                                        removed.add(victim);
                                    }
                                    uncertain.remove(victim);
                                }
                            }
                            if (i == 20) {
                                warm.countDown();
                            }
                        }
                    } catch (IOException e) {
                        // the daemon died under us: expected
                    }
                });
            }
            warm.await();
            Thread.sleep(300);
            d.kill9();
            stop.set(true);
            for (Thread t : workers) {
                t.join();
            }
            assertThat(created.size()).isGreaterThan(100);
            d.startProcess();

            Set<String> listed = new HashSet<>();
            try (ApiClient c = d.client("1.50")) {
                JsonNode vols = Json.MAPPER.readTree(c.get("/volumes").body()).get("Volumes");
                for (JsonNode v : vols) {
                    listed.add(v.get("Name").asText());
                    assertThat(v.get("Labels").get("w")).isNotNull();
                }
            }
            for (String n : created) {
                if (!removed.contains(n) && !uncertain.contains(n)) {
                    assertThat(listed).as("acknowledged create of %s", n).contains(n);
                }
            }
            for (String n : removed) {
                assertThat(listed).as("acknowledged remove of %s", n).doesNotContain(n);
            }
            Path root = d.dataRoot().resolve("volumes");
            Set<String> dirs = new HashSet<>();
            try (Stream<Path> s = Files.list(root)) {
                s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(dirs::add);
            }
            assertThat(dirs).as("directories match metadata").isEqualTo(listed);
            Set<String> unexpected = new HashSet<>(listed);
            unexpected.removeAll(created);
            unexpected.removeAll(uncertain);
            assertThat(unexpected).as("volumes nobody created").isEmpty();
            for (String n : listed) {
                assertThat(Files.isDirectory(root.resolve(n).resolve("_data"))).isTrue();
            }
            assertThat(d.log()).contains("ready in");
        }
    }

    /**
     * One daemon per data root: a second one on the same root (here with a socket of its own) exits 1 with one line
     * naming the first one's pid, before it touches the root; the first keeps serving. The lock dies with its
     * process: after kill -9 a new daemon starts on the root at once.
     */
    @Test
    void secondDaemonOnTheSameRoot_exits1_theFirstKeepsServing_theLockDiesWithItsProcess() throws Exception {
        try (TestDaemon d = TestDaemon.subprocess()) {
            try (ApiClient c = d.client("1.50")) {
                assertThat(c.postJson("/volumes/create", "{\"Name\":\"kept\"}".getBytes()).status()).isEqualTo(201);
            }
            String pid = Files.readString(d.dataRoot().resolve("berthd.pid")).strip();
            Path otherSocket = d.dataRoot().getParent().resolve("second.sock");
            Proc.Result second = Proc.run(java.util.Map.of(), new byte[0], 60,
                    java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "--enable-native-access=ALL-UNNAMED", "-cp",
                            System.getProperty("berth.jar", "target/berth.jar"), "dev.berth.daemon.Berthd",
                            "--data-root", d.dataRoot().toString(), "--host", "unix://" + otherSocket,
                            "--exec-root", d.config().execRoot().toString(),
                            "--plugin-dir", d.config().pluginDir().toString()));
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
            assertThat(second.err()).as(second.toString()).endsWith("berthd: data root " + d.dataRoot()
                    + " is in use by another berthd (pid " + pid + "); stop it, or give this one another --data-root\n");
            assertThat(second.err()).doesNotContain("\tat ");
            assertThat(otherSocket).doesNotExist();
            // Another data root on the same socket: refused too, before it loads anything; the socket stays the first's.
            Path otherRoot = d.dataRoot().getParent().resolve("other-root");
            Proc.Result third = Proc.run(java.util.Map.of(), new byte[0], 60,
                    java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "--enable-native-access=ALL-UNNAMED", "-cp",
                            System.getProperty("berth.jar", "target/berth.jar"), "dev.berth.daemon.Berthd",
                            "--data-root", otherRoot.toString(), "--host", "unix://" + d.socket(),
                            "--exec-root", otherRoot.resolve("exec").toString(),
                            "--plugin-dir", d.config().pluginDir().toString()));
            assertThat(third.exitCode()).as(third.toString()).isEqualTo(1);
            assertThat(third.err()).as(third.toString()).endsWith("berthd: another daemon is listening on unix://"
                    + d.socket() + "; stop it, or give this one another --host\n");
            assertThat(otherRoot.resolve("berth.db")).doesNotExist();
            try (ApiClient c = d.client("1.50")) {
                assertThat(c.get("/volumes/kept").status()).isEqualTo(200);
            }

            // The SQLite driver's native library is unpacked under the data root, not /tmp; a killed daemon's is
            // deleted by the next start.
            assertThat(sqliteLibraries(d.dataRoot())).hasSize(1);
            d.kill9();
            d.startProcess();
            assertThat(Files.readString(d.dataRoot().resolve("berthd.pid")).strip()).isNotEqualTo(pid);
            assertThat(sqliteLibraries(d.dataRoot())).hasSize(1);
            try (ApiClient c = d.client("1.50")) {
                assertThat(c.get("/volumes/kept").status()).isEqualTo(200);
            }
        }
    }

    private static java.util.List<String> sqliteLibraries(Path dataRoot) throws IOException {
        try (Stream<Path> s = Files.list(dataRoot.resolve("tmp"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sqlite-") && n.endsWith(".so"))
                    .toList();
        }
    }

    @Test
    void restart_leavesAloneWhatBerthNeverMade_adoptsVolumeDirectoriesWithData() throws Exception {
        try (TestDaemon d = TestDaemon.subprocess()) {
            d.stopProcess();
            Path root = d.dataRoot().resolve("volumes");
            Files.writeString(root.resolve("notes.txt"), "a file");
            Files.createDirectories(root.resolve("x/_data"));
            Files.writeString(root.resolve("x/_data/f"), "data under a name create refuses");
            Files.createDirectories(root.resolve("kept/_data"));
            Files.writeString(root.resolve("kept/_data/f"), "user data");
            Files.createDirectories(root.resolve("emptyvol/_data"));
            d.startProcess();
            d.stopProcess();
            d.startProcess();

            assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("a file");
            assertThat(Files.readString(root.resolve("x/_data/f"))).isEqualTo("data under a name create refuses");
            assertThat(Files.readString(root.resolve("kept/_data/f"))).isEqualTo("user data");
            // Nothing but an empty _data under a valid name: the trace of an unacknowledged create.
            assertThat(root.resolve("emptyvol")).doesNotExist();
            Set<String> listed = new HashSet<>();
            try (ApiClient c = d.client("1.50")) {
                for (JsonNode v : Json.MAPPER.readTree(c.get("/volumes").body()).get("Volumes")) {
                    listed.add(v.get("Name").asText());
                }
                assertThat(c.get("/volumes/kept").status()).isEqualTo(200);
            }
            assertThat(listed).containsExactly("kept");
            assertThat(d.log()).contains("leaving \"notes.txt\" alone", "leaving \"x\" alone");
        }
    }
}
