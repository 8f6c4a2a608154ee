package dev.berth.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
