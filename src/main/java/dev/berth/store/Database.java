package dev.berth.store;

import dev.berth.errors.InternalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * berth's metadata database: one SQLite file in the data root.
 *
 * <p>Every write goes through {@link #write}, which returns only after the transaction holding it is committed and
 * fsync'd (WAL, {@code synchronous=FULL}). Writes from concurrent callers are grouped by one writer thread into a
 * single transaction (group commit): the price of an fsync is shared by everyone waiting, which is what makes
 * durable creates fast with many clients. Each write runs in its own savepoint, so one failing write never undoes
 * another's. A write that finds the writer idle, with nothing queued and no overlap among the last writes, commits on
 * its caller's thread instead: a lone client's write then costs no hand-over to the writer thread and back (two
 * thread wake-ups). Single-client creates went from ≈640/s to ≈970/s with this and the preallocated log below.
 *
 * <p>The write-ahead log is preallocated: when the writer is idle (once {@link #preallocateWhenIdle} was called), it
 * fills the log file with zeros up to the size a checkpoint cycle reaches ({@link #walTarget}), so that commits
 * overwrite blocks that are already there. A commit that appends to the log grows the file, and its flush then has to
 * commit the filesystem's journal as well (on ext4 about 0.1–0.2 ms more per commit on this kind of disk). SQLite
 * reads a log only up to its last valid frame, so zeros after it are as good as the old frames a log keeps after
 * every restart.
 *
 * <p>Reads ({@link #read}) use a separate connection; services keep their state in memory and read only at start.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int MAX_BATCH = 4096;
    /** Pages in the log after which a commit checkpoints it (SQLite's {@code wal_autocheckpoint}). */
    private static final int AUTOCHECKPOINT_PAGES = 4000;
    /** Headroom over a checkpoint cycle: the commit that crosses the threshold still goes into the log. */
    private static final int HEADROOM_PAGES = 256;
    /** Bytes the log is grown by per step while the writer is idle. */
    private static final int PREALLOCATE_STEP = 1 << 20;
    /** How long writes keep going through the writer thread after they last overlapped. */
    private static final long CONTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Held by whoever uses the write connection: the writer thread for a batch or a caller committing alone. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Writes handed to the writer thread and not yet finished; a caller commits on its own thread only at zero. */
    private final AtomicInteger handedOver = new AtomicInteger();
    /**
     * When writes last overlapped (nanoTime): a write was queued while another was queued or being committed.
     * For {@link #CONTENDED_NANOS} after that, every write goes to the writer thread, so that concurrent clients
     * share flushes instead of alternating between a commit of one and a batch.
     */
    private volatile long lastOverlap = System.nanoTime() - CONTENDED_NANOS;
    private final Tx tx;
    private final Thread writerThread;
    private final Path walFile;
    private final long walTarget;
    private volatile boolean walPreallocated;
    private volatile boolean preallocate;
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

    private Database(Path file, Connection writer, Connection reader, int pageSize) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.walFile = file.resolveSibling(file.getFileName() + "-wal");
        this.walTarget = walTarget(pageSize);
        this.tx = new Tx(writer);
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
            int pageSize;
            try (Statement s = writer.createStatement()) {
                // The WAL is checkpointed by the writer; keep it from growing without bound under load.
                s.execute("PRAGMA wal_autocheckpoint=" + AUTOCHECKPOINT_PAGES);
                s.execute("PRAGMA journal_size_limit=67108864");
                try (var rs = s.executeQuery("PRAGMA page_size")) {
                    pageSize = rs.next() ? rs.getInt(1) : 4096;
                }
            }
            writer.setAutoCommit(false);
            Database db = new Database(file, writer, reader, pageSize);
            db.writerThread.start();
            return db;
        } catch (SQLException | IOException e) {
            throw new InternalException("open metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The size the log is preallocated to: a header and the frames of one checkpoint cycle with headroom, each frame
     * a 24-byte header and a page. Below SQLite's {@code journal_size_limit}, so a checkpoint never truncates it.
     */
    static long walTarget(int pageSize) {
        return 32 + (long) (AUTOCHECKPOINT_PAGES + HEADROOM_PAGES) * (pageSize + 24);
    }

    /**
     * From now on the writer preallocates the log whenever it is idle. The daemon calls it once it is ready: during
     * the start the zeros' writes and flushes competed with loading the volumes (100,000: ≈0.1 s later ready).
     */
    public void preallocateWhenIdle() {
        preallocate = true;
    }

    /** Whether the log has reached its preallocated size (tests). */
    boolean walPreallocated() {
        return walPreallocated;
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
        if (handedOver.get() == 0 && System.nanoTime() - lastOverlap > CONTENDED_NANOS && writing.tryLock()) {
            try {
                if (handedOver.get() == 0) {
                    return runDirect(work);
                }
            } finally {
                writing.unlock();
            }
        }
        return await(submit(work));
    }

    /** Runs one write on the caller's thread as a transaction of its own; the caller holds {@link #writing}. */
    private <T> T runDirect(TxWork<T> work) {
        T result;
        try {
            result = work.run(tx);
        } catch (Throwable t) {
            rollbackQuietly();
            throw failure(t);
        }
        try {
            commit();
        } catch (SQLException e) {
            throw failure(e);
        }
        return result;
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            log.warn("rolling back a failed metadata write: {}", e.getMessage());
        }
    }

    private static RuntimeException failure(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return writeFailed(t);
    }

    /** A write's failure that is not the caller's own unchecked exception (an SQLException, mostly). */
    private static InternalException writeFailed(Throwable cause) {
        return new InternalException("metadata write: " + cause.getMessage(), cause);
    }

    /** Like {@link #write}, without waiting: the future completes when the work is durable. */
    public <T> CompletableFuture<T> submit(TxWork<T> work) {
        if (closed) {
            throw new InternalException("metadata database is closed");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        if (handedOver.getAndIncrement() > 0 || writing.isLocked()) {
            lastOverlap = System.nanoTime();
        }
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

    /** Waits for a {@link #submit}ted write; its failure is rethrown as {@link #write} would. */
    public static <T> T await(CompletableFuture<T> f) {
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
            throw writeFailed(cause);
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    writing.lock();
                    try {
                        preallocateWal();
                    } finally {
                        writing.unlock();
                    }
                    continue;
                }
                batch.add(first);
                writing.lock();
                try {
                    queue.drainTo(batch, MAX_BATCH - 1);
                    runBatch(tx, batch);
                } finally {
                    handedOver.addAndGet(-batch.size());
                    writing.unlock();
                }
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

    /**
     * On the writer thread while no write waits: grows the log with zeros towards {@link #walTarget}, one flushed
     * step at a time, stopping as soon as a write arrives. Only this thread writes the log, so nothing is written
     * concurrently; the zeros go after the file's end, past every frame. A log that does not exist yet is left
     * alone (SQLite creates it).
     */
    private void preallocateWal() {
        if (!preallocate || walPreallocated || closed) {
            return;
        }
        try (FileChannel ch = FileChannel.open(walFile, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(PREALLOCATE_STEP);
            long size = ch.size();
            long start = size;
            while (size < walTarget && queue.isEmpty() && !closed) {
                zeros.clear().limit((int) Math.min(PREALLOCATE_STEP, walTarget - size));
                while (zeros.hasRemaining()) {
                    size += ch.write(zeros, size);
                }
                ch.force(false);
            }
            if (size >= walTarget) {
                walPreallocated = true;
                log.debug("metadata log preallocated to {} bytes (from {})", size, start);
            }
        } catch (NoSuchFileException e) {
            // Not created yet: the next idle moment tries again.
        } catch (IOException e) {
            walPreallocated = true;
            log.warn("cannot preallocate the metadata log {}: {}", walFile, e.getMessage());
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
            rollbackQuietly();
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
            p.done.completeExceptionally(failure instanceof SQLException se ? writeFailed(se) : failure);
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
        // A caller committing on its own thread finishes first.
        writing.lock();
        try {
            writer.close();
            reader.close();
        } catch (SQLException e) {
            log.warn("closing metadata database: {}", e.getMessage());
        } finally {
            writing.unlock();
        }
    }
}
