package dev.berth.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a container's conmon log (k8s-file format) the way {@code docker logs} shows it: whole lines with their
 * stream and time, filtered by {@link LogQuery}, optionally following the file as it grows. Following waits on
 * inotify (shared with the rest of the runtime), not on a timer. Thread-safe; each read runs on its caller's thread.
 */
public final class ContainerLogs implements AutoCloseable {

    private final DirectoryWatcher watcher;
    private final boolean ownsWatcher;

    /** A reader with its own watcher; {@link ConmonRuntime#logs()} gives one that shares the runtime's. */
    public ContainerLogs() {
        this(new DirectoryWatcher(), true);
    }

    ContainerLogs(DirectoryWatcher watcher, boolean ownsWatcher) {
        this.watcher = watcher;
        this.ownsWatcher = ownsWatcher;
    }

    /**
     * Passes the entries of {@code logFile} selected by {@code query} to {@code sink}. Without follow it returns at
     * the end of the file. With follow it returns once {@code exited} has completed and everything the container
     * wrote is passed on, or when the sink returns false, or when {@code query.until()} has passed.
     *
     * @param exited completes when the container has exited; only used with follow
     * @throws InterruptedException if the calling thread is interrupted while following
     */
    public void read(Path logFile, LogQuery query, LogSink sink, CompletionStage<?> exited)
            throws IOException, InterruptedException {
        Semaphore wake = new Semaphore(0);
        AtomicBoolean containerExited = new AtomicBoolean();
        Path file = logFile.toAbsolutePath().normalize();
        AutoCloseable watch = query.follow()
                ? watcher.watch(file.getParent(), p -> {
                    if (p == null || p.equals(file)) {
                        wake.release();
                    }
                })
                : null;
        if (query.follow()) {
            exited.whenComplete((r, e) -> {
                containerExited.set(true);
                wake.release();
            });
        }
        Filter filter = new Filter(query, sink);
        try (Tailer tailer = new Tailer(file)) {
            ArrayDeque<LogEntry> last = new ArrayDeque<>();
            Consumer<LogEntry> initial = query.tail() < 0 ? filter : e -> {
                last.addLast(e);
                if (last.size() > query.tail()) {
                    last.removeFirst();
                }
            };
            Target target = new Target(initial);
            LineJoiner joiner = new LineJoiner(target);
            tailer.seekTail(query.tail());
            tailer.readAvailable(joiner);
            if (!query.follow()) {
                joiner.flush();
            }
            last.forEach(filter);
            target.to = filter;
            while (query.follow() && !filter.stopped) {
                boolean done = containerExited.get();
                tailer.readAvailable(joiner);
                if (done) {
                    joiner.flush();
                    return;
                }
                if (filter.stopped) {
                    return;
                }
                if (!await(wake, query.until())) {
                    return;
                }
            }
        } finally {
            if (watch != null) {
                try {
                    watch.close();
                } catch (Exception ignored) {
                    // only deregisters a listener
                }
            }
        }
    }

    /** Waits for a change; false when {@code until} has passed. */
    private static boolean await(Semaphore wake, Instant until) throws InterruptedException {
        if (until == null) {
            wake.acquire();
        } else {
            long nanos = Duration.between(Instant.now(), until).toNanos();
            if (nanos <= 0 || !wake.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        wake.drainPermits();
        return true;
    }

    @Override
    public void close() {
        if (ownsWatcher) {
            watcher.close();
        }
    }

    private static final class Target implements Consumer<LogEntry> {
        Consumer<LogEntry> to;

        Target(Consumer<LogEntry> to) {
            this.to = to;
        }

        @Override
        public void accept(LogEntry e) {
            to.accept(e);
        }
    }

    /** Applies since/until and the stream selection, after tail, as Docker does. */
    private static final class Filter implements Consumer<LogEntry> {
        private final LogQuery query;
        private final LogSink sink;
        boolean stopped;

        Filter(LogQuery query, LogSink sink) {
            this.query = query;
            this.sink = sink;
        }

        @Override
        public void accept(LogEntry e) {
            if (stopped || query.since() != null && e.timestamp().isBefore(query.since())) {
                return;
            }
            if (query.until() != null && e.timestamp().isAfter(query.until())) {
                stopped = true;
                return;
            }
            if (query.wants(e) && !sink.accept(e)) {
                stopped = true;
            }
        }
    }

    /** Reads complete lines from where it last stopped; a missing file reads as empty until it appears. */
    private static final class Tailer implements AutoCloseable {
        private final Path file;
        private FileChannel channel;
        private long position;
        private final ByteArrayOutputStream carry = new ByteArrayOutputStream();
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

        Tailer(Path file) {
            this.file = file;
        }

        private boolean open() throws IOException {
            if (channel == null) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return false;
                }
            }
            return true;
        }

        void seekTail(int n) throws IOException {
            if (open()) {
                position = LogTail.startOffset(channel, channel.size(), n);
            }
        }

        void readAvailable(LineJoiner joiner) throws IOException {
            if (!open()) {
                return;
            }
            while (true) {
                buf.clear();
                int n = channel.read(buf, position);
                if (n <= 0) {
                    return;
                }
                position += n;
                byte[] b = buf.array();
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (b[i] != '\n') {
                        continue;
                    }
                    if (carry.size() > 0) {
                        carry.write(b, lineStart, i - lineStart);
                        byte[] line = carry.toByteArray();
                        carry.reset();
                        emit(joiner, line, 0, line.length);
                    } else {
                        emit(joiner, b, lineStart, i - lineStart);
                    }
                    lineStart = i + 1;
                }
                carry.write(b, lineStart, n - lineStart);
            }
        }

        private static void emit(LineJoiner joiner, byte[] b, int off, int len) {
            KubeLogLine line = KubeLogLine.parse(b, off, len);
            if (line != null) {
                joiner.accept(line);
            }
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
