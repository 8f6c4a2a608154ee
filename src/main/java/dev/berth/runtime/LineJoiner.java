package dev.berth.runtime;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Joins conmon's line fragments back into whole lines, per stream: P fragments are held until the stream's F
 * fragment arrives, which completes the entry and adds the newline conmon removed. The entry carries the time of
 * its last fragment, as Docker stamps a line when it is complete. A line that grows past {@link #MAX_PENDING} is
 * passed on in pieces so a container that never writes a newline cannot exhaust memory. Not thread-safe.
 */
final class LineJoiner {

    static final int MAX_PENDING = 1 << 20;

    private final Map<StdStream, ByteArrayOutputStream> pending = new EnumMap<>(StdStream.class);
    private final Map<StdStream, Instant> pendingTime = new EnumMap<>(StdStream.class);
    private final Consumer<LogEntry> out;

    LineJoiner(Consumer<LogEntry> out) {
        this.out = out;
    }

    void accept(KubeLogLine line) {
        ByteArrayOutputStream buf = pending.computeIfAbsent(line.stream(), s -> new ByteArrayOutputStream());
        buf.writeBytes(line.content());
        pendingTime.put(line.stream(), line.timestamp());
        if (!line.partial()) {
            buf.write('\n');
            emit(line.stream());
        } else if (buf.size() >= MAX_PENDING) {
            emit(line.stream());
        }
    }

    /** Passes on fragments still waiting for their end, as the container's final output without a newline. */
    void flush() {
        for (StdStream s : StdStream.values()) {
            ByteArrayOutputStream buf = pending.get(s);
            if (buf != null && buf.size() > 0) {
                emit(s);
            }
        }
    }

    private void emit(StdStream s) {
        ByteArrayOutputStream buf = pending.get(s);
        out.accept(new LogEntry(s, pendingTime.get(s), buf.toByteArray()));
        buf.reset();
    }
}
