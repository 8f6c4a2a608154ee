package dev.berth.store;

import dev.berth.errors.InternalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void write_concurrentWrites_allDurableAndVisible() throws Exception {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int id = w;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        int n = i;
                        assertThat((int) db.write(tx -> tx.update("INSERT INTO t VALUES(?, ?)", "k" + id + "-" + n, n)))
                                .isEqualTo(1);
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
        }
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            assertThat(count(db)).isEqualTo(800);
        }
    }

    @Test
    void write_failingWorkInABatch_rollsBackOnlyItself() throws Exception {
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            db.migrate("t", List.of("CREATE TABLE t (k TEXT PRIMARY KEY)"));
            CountDownLatch leading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // The first write holds the commit while the next three queue up: they become one batch.
            CompletableFuture<Integer> first = async(() -> db.write(tx -> {
                leading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return tx.update("INSERT INTO t VALUES('first')");
            }));
            leading.await();
            CompletableFuture<Integer> ok = async(() -> db.write(tx -> tx.update("INSERT INTO t VALUES('a')")));
            awaitQueued(db, 1);
            CompletableFuture<Integer> bad = async(() -> db.write(tx -> {
                tx.update("INSERT INTO t VALUES('b')");
                return tx.update("INSERT INTO t VALUES('first')");
            }));
            awaitQueued(db, 2);
            CompletableFuture<Integer> ok2 = async(() -> db.write(tx -> tx.update("INSERT INTO t VALUES('c')")));
            awaitQueued(db, 3);
            release.countDown();
            assertThat(List.of(first.get(), ok.get(), ok2.get())).containsExactly(1, 1, 1);
            assertThatThrownBy(bad::get).hasCauseInstanceOf(InternalException.class).hasMessageContaining("UNIQUE");
            assertThat(db.queued()).isZero();
        }
        try (Database db = Database.open(dir.resolve("meta.db"))) {
            assertThat(count(db)).isEqualTo(3);
        }
    }

    @Test
    void write_afterClose_refused() {
        Database db = Database.open(dir.resolve("meta.db"));
        db.close();
        assertThatThrownBy(() -> db.write(tx -> 1)).isInstanceOf(InternalException.class)
                .hasMessage("metadata database is closed");
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Call<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static void awaitQueued(Database db, int n) throws InterruptedException {
        while (db.queued() < n) {
            Thread.sleep(1);
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
