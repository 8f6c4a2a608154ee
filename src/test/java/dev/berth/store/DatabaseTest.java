package dev.berth.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void write_concurrentWrites_allDurableAndVisible() {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"));
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                futures.add(db.submit(tx -> tx.update("INSERT INTO t VALUES(?, ?)", "k" + n, n)));
            }
            futures.forEach(CompletableFuture::join);
        }
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            int count = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(count).isEqualTo(500);
        }
    }

    @Test
    void write_failingWork_rollsBackOnlyItself() {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            CompletableFuture<Integer> ok = db.submit(tx -> tx.update("INSERT INTO t VALUES('a')"));
            CompletableFuture<Integer> bad = db.submit(tx -> {
                tx.update("INSERT INTO t VALUES('b')");
                return tx.update("INSERT INTO t VALUES('a')");
            });
            assertThat(ok.join()).isEqualTo(1);
            assertThatThrownBy(bad::join).hasMessageContaining("UNIQUE");
            assertThat((int) db.write(tx -> tx.queryInt("SELECT count(*) FROM t", -1))).isEqualTo(1);
        }
    }

    @Test
    void write_aloneFailingWork_leavesNothingOfIt_andTheNextWriteCommits() {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            db.write(tx -> tx.update("INSERT INTO t VALUES('a')"));
            // One write at a time: each runs alone in its transaction, without a savepoint.
            assertThatThrownBy(() -> db.write(tx -> {
                tx.update("INSERT INTO t VALUES('b')");
                return tx.update("INSERT INTO t VALUES('a')");
            })).hasMessageContaining("UNIQUE");
            db.write(tx -> tx.update("INSERT INTO t VALUES('c')"));
        }
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            List<String> stored = db.read(c -> {
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT k FROM t ORDER BY k")) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            });
            assertThat(stored).containsExactly("a", "c");
        }
    }

    @Test
    void write_alone_commitsOnTheCallersThread_andBehindAQueuedWrite_onTheWriterThread() throws Exception {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            Thread caller = Thread.currentThread();
            Thread ranOn = db.write(tx -> {
                tx.update("INSERT INTO t VALUES('alone')");
                return Thread.currentThread();
            });
            assertThat(ranOn).isSameAs(caller);

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> held = db.submit(tx -> {
                inside.countDown();
                awaitQuietly(release);
                return tx.update("INSERT INTO t VALUES('held')");
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Thread> behind = new CompletableFuture<>();
            Thread client = Thread.ofPlatform().start(() -> behind.complete(db.write(tx -> {
                tx.update("INSERT INTO t VALUES('behind')");
                return Thread.currentThread();
            })));
            // The second write waits for its commit (parked) while the first still holds the writer.
            while (client.getState() != Thread.State.WAITING && !behind.isDone()) {
                Thread.onSpinWait();
            }
            release.countDown();
            assertThat(held.join()).isEqualTo(1);
            assertThat(behind.join().getName()).isEqualTo("berth-db-writer");
            client.join();
            assertThat((int) db.write(tx -> tx.queryInt("SELECT count(*) FROM t", -1))).isEqualTo(3);
        }
    }

    @Test
    void write_manyThreads_directAndQueuedMixed_allDurable() throws Exception {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            String key = client + "-" + i;
                            db.write(tx -> tx.update("INSERT INTO t VALUES(?)", key));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        }
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            assertThat(count(db)).isEqualTo(8 * 150);
        }
    }

    @Test
    void wal_preallocatedWhileIdle_andACopyTakenWhileOpen_recoversEveryCommit() throws Exception {
        Path file = dir.resolve("meta.db");
        Path wal = dir.resolve("meta.db-wal");
        try (Database db = Database.open(file)) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            db.write(tx -> tx.update("INSERT INTO t VALUES('before')"));
            assertThat(db.walPreallocated()).isFalse();
            db.preallocateWhenIdle();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!db.walPreallocated() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(db.walPreallocated()).isTrue();
            int pageSize = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA page_size")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(Files.size(wal)).isGreaterThanOrEqualTo(Database.walTarget(pageSize));
            for (int i = 0; i < 50; i++) {
                String key = "after" + i;
                db.write(tx -> tx.update("INSERT INTO t VALUES(?)", key));
            }
            // What a crash would leave: the database and its log as they are on disk now, zeros after the frames.
            Path copy = Files.createDirectories(dir.resolve("copy"));
            Files.copy(file, copy.resolve("meta.db"));
            Files.copy(wal, copy.resolve("meta.db-wal"));
        }
        try (Database db = Database.open(dir.resolve("copy/meta.db"))) {
            assertThat(count(db)).isEqualTo(51);
        }
        try (Database db = Database.open(file)) {
            assertThat(count(db)).isEqualTo(51);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int count(Database db) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void migrate_twice_appliesStepsOnce() {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            List<String> steps = List.of("CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y INTEGER)");
            db.migrate("c", steps);
            db.migrate("c", steps);
            assertThat((int) db.write(tx -> tx.queryInt("SELECT version FROM schema_version WHERE component='c'", -1)))
                    .isEqualTo(2);
        }
    }
}
