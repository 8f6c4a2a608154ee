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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * berth's metadata database: one SQLite file in the data root.
 *
 * <p>Every write goes through {@link #write}, which returns only after the transaction holding it is committed and
 * fsync'd (WAL, {@code synchronous=FULL}). Concurrent writes are group-committed: a caller that finds no commit
 * in progress becomes the leader and commits everything queued at that moment in one transaction, on its own
 * thread; callers arriving meanwhile queue up and the next leader takes them all. One fsync thus covers every
 * write that waited for it, and a lone writer pays no thread hand-off. Each write runs in its own savepoint, so
 * one failing write never undoes another's.
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
    private final Tx tx;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    /** Held by the leader while it runs and commits a batch. */
    private final ReentrantLock commitLock = new ReentrantLock();
    private volatile boolean closed;

    /** One queued write; completed (result or failure) by the leader whose batch held it. */
    private static final class Pending<T> {
        final TxWork<T> work;
        final Thread waiter;
        volatile boolean done;
        T result;
        RuntimeException failure;

        Pending(TxWork<T> work, Thread waiter) {
            this.work = work;
            this.waiter = waiter;
        }
    }

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
        this.tx = new Tx(writer);
    }

    /** Opens (creating if needed) the database file. */
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
            return new Database(file, writer, reader);
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
        if (closed) {
            throw new InternalException("metadata database is closed");
        }
        Pending<T> p = new Pending<>(work, Thread.currentThread());
        queue.add(p);
        boolean interrupted = false;
        // Queue first, then try to lead: a leader hands over (unparks the head of the queue) after releasing the
        // lock, so a caller whose tryLock failed is either taken by the running batch or woken to lead the next.
        while (!p.done) {
            if (commitLock.tryLock()) {
                try {
                    if (!p.done) {
                        runQueued();
                    }
                } finally {
                    commitLock.unlock();
                }
                Pending<?> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.waiter);
                }
            } else {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    // The work may be committed already; its outcome is the answer, so keep waiting.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (p.failure != null) {
            throw p.failure;
        }
        return p.result;
    }

    /** Writes waiting for a leader (tests). */
    int queued() {
        return queue.size();
    }

    /** Runs a read against the read connection (serialised; services read only at start). */
    public synchronized <T> T read(ReadWork<T> work) {
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new InternalException("read metadata: " + e.getMessage(), e);
        }
    }

    /** Under the commit lock: runs and commits one batch of what is queued now. */
    private void runQueued() {
        List<Pending<?>> batch = new ArrayList<>();
        Pending<?> p;
        while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            runBatch(batch);
        } catch (Throwable t) {
            log.error("metadata commit failed: {}", t.toString());
            InternalException failure = new InternalException("metadata write failed: " + t.getMessage(), t);
            for (Pending<?> q : batch) {
                q.failure = failure;
            }
        }
        for (Pending<?> q : batch) {
            q.done = true;
            LockSupport.unpark(q.waiter);
        }
    }

    private void runBatch(List<Pending<?>> batch) throws SQLException {
        for (Pending<?> p : batch) {
            tx.savepoint();
            try {
                run(p);
                tx.releaseSavepoint();
            } catch (Throwable t) {
                tx.rollbackToSavepoint();
                p.failure = t instanceof SQLException se
                        ? new InternalException("metadata write: " + se.getMessage(), se)
                        : t instanceof RuntimeException re ? re
                        : new InternalException("metadata write: " + t.getMessage(), t);
            }
        }
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

    private <T> void run(Pending<T> p) throws SQLException {
        p.result = p.work.run(tx);
    }

    @Override
    public void close() {
        closed = true;
        commitLock.lock();
        try {
            // Writes queued before close still get their commit.
            while (!queue.isEmpty()) {
                runQueued();
            }
            writer.close();
            reader.close();
        } catch (SQLException e) {
            log.warn("closing metadata database: {}", e.getMessage());
        } finally {
            commitLock.unlock();
        }
    }
}
