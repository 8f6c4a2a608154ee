package dev.berth.daemon;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per data root: a lock on {@code <data-root>/berthd.pid} (which holds the owner's pid), taken before
 * anything in the root is read and held until the daemon closes. A second daemon on the same root would reconcile
 * the first one's half-made volumes away and take its socket. The kernel drops the lock when its process dies, so a
 * crash never leaves the root locked (dockerd's pid file needs a liveness check for that).
 */
final class DataRootLock implements AutoCloseable {

    static final String FILE = "berthd.pid";

    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws ConflictException when another daemon (another process, or this one) holds the root */
    static DataRootLock acquire(Path dataRoot) {
        Path file = dataRoot.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = owner(ch);
                ch.close();
                throw new ConflictException("data root " + dataRoot + " is in use by another berthd"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + "; stop it, or give this one another --data-root");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataRootLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InternalException("lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return s.matches("[0-9]{1,10}") ? s : "";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    /** Releases the root; the file stays (removing it would race a daemon that just opened it). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the descriptor drops the lock in any case
            closeQuietly(channel);
        }
    }
}
