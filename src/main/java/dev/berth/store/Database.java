package dev.berth.store;

import dev.berth.errors.InternalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * berth's metadata database: one SQLite file in the data root.
 *
 * <p>Every write goes through {@link #write}, which returns only after the transaction holding it is committed and
 * fsync'd (WAL, {@code synchronous=FULL}). Writes from concurrent callers are grouped by one writer thread into a
 * single transaction (group commit): the price of an fsync is shared by everyone waiting, which is what makes
 * durable creates fast with many clients. Each write runs in its own savepoint, so one failing write never undoes
 * another's.
 *
 * <p>Reads ({@link #read}) use a separate connection; services keep their state in memory and read only at start.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int MAX_BATCH = 4096;

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closed;

    private record Pending<T>(TxWork<T> work, CompletableFuture<T> done) {}

    /** A unit of work run inside the writer's transaction. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** A unit of work run against the read connection. */
    @FunctionalInterface
    public interface ReadWork<T> {
        T run(Connection c) throws SQLException;
    }

    private Database(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.writerThread = Thread.ofPlatform().name("berth-db-writer").daemon(true).unstarted(this::writeLoop);
    }

    /** Opens (creating if needed) the database file and starts the writer thread. */
    public static Database open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Properties props = new Properties();
            props.setProperty("journal_mode", "WAL");
            props.setProperty("synchronous", "FULL");
            props.setProperty("busy_timeout", "30000");
            props.setProperty("foreign_keys", "true");
            String url = "jdbc:sqlite:" + file;
            Connection writer = DriverManager.getConnection(url, props);
            Connection reader = DriverManager.getConnection(url, props);
            try (Statement s = writer.createStatement()) {
                // The WAL is checkpointed by the writer; keep it from growing without bound under load.
                s.execute("PRAGMA wal_autocheckpoint=4000");
                s.execute("PRAGMA journal_size_limit=67108864");
            }
            writer.setAutoCommit(false);
            Database db = new Database(file, writer, reader);
            db.writerThread.start();
            return db;
        } catch (SQLException | java.io.IOException e) {
            throw new InternalException("open metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Creates or upgrades the tables of one component. {@code steps.get(i)} brings the component's schema from
     * version i to i+1; steps already applied are skipped. Runs in one transaction.
     */
    public void migrate(String component, List<String> steps) {
        write(tx -> {
            tx.update("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
            int current = tx.queryInt("SELECT version FROM schema_version WHERE component = ?", 0, component);
            for (int v = current; v < steps.size(); v++) {
                for (String stmt : steps.get(v).split(";\\s*\\n")) {
                    if (!stmt.isBlank()) {
                        tx.update(stmt);
                    }
                }
            }
            if (steps.size() > current) {
                tx.update("INSERT INTO schema_version(component, version) VALUES(?, ?) "
                        + "ON CONFLICT(component) DO UPDATE SET version = excluded.version", component, steps.size());
                log.info("metadata schema of {} at version {}", component, steps.size());
            }
            return null;
        });
    }

    /**
     * Runs {@code work} in the writer's transaction and returns its result once the transaction is durable.
     * An exception thrown by {@code work} rolls back only this work and is rethrown here.
     */
    public <T> T write(TxWork<T> work) {
        return join(submit(work));
    }

    /** Like {@link #write}, without waiting: the future completes when the work is durable. */
    public <T> CompletableFuture<T> submit(TxWork<T> work) {
        if (closed) {
            throw new InternalException("metadata database is closed");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new Pending<>(work, done));
        return done;
    }

    /** Runs a read against the read connection (serialised; services read only at start). */
    public synchronized <T> T read(ReadWork<T> work) {
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new InternalException("read metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Runs several reads at once, the first on the read connection and each other one on a connection of its own
     * (opened for the call and closed after it): the start-up path reads big tables in parts on both cores.
     * Results are in the order of {@code works}.
     */
    public <T> List<T> readConcurrently(List<ReadWork<T>> works) {
        List<CompletableFuture<T>> others = new ArrayList<>();
        for (int i = 1; i < works.size(); i++) {
            ReadWork<T> w = works.get(i);
            CompletableFuture<T> f = new CompletableFuture<>();
            Thread.ofPlatform().name("berth-db-read-" + i).start(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    f.complete(w.run(c));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            others.add(f);
        }
        List<T> out = new ArrayList<>(works.size());
        out.add(read(works.get(0)));
        for (CompletableFuture<T> f : others) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InternalException("interrupted while reading metadata", e);
            } catch (ExecutionException e) {
                throw new InternalException("read metadata: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while waiting for metadata commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new InternalException("metadata write: " + cause.getMessage(), cause);
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        Tx tx = new Tx(writer);
        while (true) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(tx, batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (Throwable t) {
                log.error("metadata writer failed", t);
                for (Pending<?> p : batch) {
                    p.done.completeExceptionally(new InternalException("metadata write failed: " + t.getMessage(), t));
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(Tx tx, List<Pending<?>> batch) throws SQLException {
        if (batch.size() == 1) {
            runAlone(tx, batch.getFirst());
            return;
        }
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            tx.savepoint();
            try {
                results[i] = batch.get(i).work.run(tx);
                tx.releaseSavepoint();
            } catch (Throwable t) {
                tx.rollbackToSavepoint();
                failures[i] = t;
            }
        }
        commit();
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i]);
        }
    }

    /**
     * A batch of one (every write of a single client) needs no savepoint: the transaction is the work's own, so a
     * failure rolls the transaction back. Two statements fewer per write.
     */
    private void runAlone(Tx tx, Pending<?> p) throws SQLException {
        Object result;
        try {
            result = p.work.run(tx);
        } catch (Throwable t) {
            writer.rollback();
            complete(p, null, t);
            return;
        }
        commit();
        complete(p, result, null);
    }

    private void commit() throws SQLException {
        try {
            writer.commit();
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // The commit error is the one worth reporting.
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> p, Object result, Throwable failure) {
        if (failure != null) {
            p.done.completeExceptionally(failure instanceof SQLException se
                    ? new InternalException("metadata write: " + se.getMessage(), se) : failure);
        } else {
            p.done.complete((T) result);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
            reader.close();
        } catch (SQLException e) {
            log.warn("closing metadata database: {}", e.getMessage());
        }
    }
}
