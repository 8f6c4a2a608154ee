package dev.berth.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLogsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ContainerLogs logs = new ContainerLogs();

    @AfterEach
    void close() {
        logs.close();
    }

    private static String line(int second, String stream, char flag, String content) {
        return "2026-01-01T00:00:" + String.format("%02d", second) + ".000000001+00:00 " + stream + " " + flag + " "
                + content + "\n";
    }

    private Path log(String... lines) throws IOException {
        Path f = dir.resolve("ctr.log");
        Files.writeString(f, String.join("", lines));
        return f;
    }

    private List<String> read(Path f, LogQuery q) throws Exception {
        List<String> out = new ArrayList<>();
        logs.read(f, q, e -> out.add(e.stream().logName() + ":" + e.text()), CompletableFuture.completedFuture(null));
        return out;
    }

    @Test
    void read_partialFragments_joinedPerStream() throws Exception {
        Path f = log(
                line(1, "stdout", 'F', "hi"),
                line(2, "stdout", 'P', "partial"),
                line(3, "stderr", 'F', "err"),
                line(4, "stdout", 'F', "done"));

        assertThat(read(f, LogQuery.all())).containsExactly("stdout:hi\n", "stderr:err\n", "stdout:partialdone\n");
    }

    @Test
    void read_emptyLineAndCarriageReturn_keptVerbatim() throws Exception {
        Path f = log(line(1, "stdout", 'F', ""), line(1, "stdout", 'F', "a\r"));

        assertThat(read(f, LogQuery.all())).containsExactly("stdout:\n", "stdout:a\r\n");
    }

    @Test
    void read_outputEndingWithoutNewline_flushedAtEnd() throws Exception {
        Path f = log(line(1, "stdout", 'F', "a"), line(2, "stdout", 'P', "tail"));

        assertThat(read(f, LogQuery.all())).containsExactly("stdout:a\n", "stdout:tail");
    }

    @Test
    void read_malformedLine_skipped() throws Exception {
        Path f = log(line(1, "stdout", 'F', "a"), "garbage\n", "2026-01-01T00:00:01Z stdin F x\n",
                line(2, "stderr", 'F', "b"));

        assertThat(read(f, LogQuery.all())).containsExactly("stdout:a\n", "stderr:b\n");
    }

    @Test
    void read_joinedEntry_stampedWithLastFragment() throws Exception {
        Path f = log(line(1, "stdout", 'P', "a"), line(5, "stdout", 'F', "b"));
        List<LogEntry> entries = new ArrayList<>();

        logs.read(f, LogQuery.all(), entries::add, null);

        assertThat(entries).singleElement().extracting(LogEntry::timestamp)
                .isEqualTo(Instant.parse("2026-01-01T00:00:05.000000001Z"));
        assertThat(entries.getFirst().dockerTimestamp()).isEqualTo("2026-01-01T00:00:05.000000001Z");
    }

    record QueryCase(String name, LogQuery query, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<QueryCase> queries() {
        return Stream.of(
                new QueryCase("all", LogQuery.all(), List.of("stdout:a\n", "stderr:b\n", "stdout:c\n", "stderr:d\n")),
                new QueryCase("stdout only", new LogQuery(true, false, -1, null, null, false),
                        List.of("stdout:a\n", "stdout:c\n")),
                new QueryCase("stderr only", new LogQuery(false, true, -1, null, null, false),
                        List.of("stderr:b\n", "stderr:d\n")),
                new QueryCase("tail 0", new LogQuery(true, true, 0, null, null, false), List.of()),
                new QueryCase("tail 1", new LogQuery(true, true, 1, null, null, false), List.of("stderr:d\n")),
                new QueryCase("tail 3", new LogQuery(true, true, 3, null, null, false),
                        List.of("stderr:b\n", "stdout:c\n", "stderr:d\n")),
                new QueryCase("tail more than there is", new LogQuery(true, true, 10, null, null, false),
                        List.of("stdout:a\n", "stderr:b\n", "stdout:c\n", "stderr:d\n")),
                new QueryCase("tail counts before stream selection", new LogQuery(true, false, 2, null, null, false),
                        List.of("stdout:c\n")),
                new QueryCase("since inclusive", new LogQuery(true, true, -1, T0.plusSeconds(2).plusNanos(1), null,
                        false), List.of("stderr:b\n", "stdout:c\n", "stderr:d\n")),
                new QueryCase("until inclusive", new LogQuery(true, true, -1, null, T0.plusSeconds(2).plusNanos(1),
                        false), List.of("stdout:a\n", "stderr:b\n")),
                new QueryCase("tail before since", new LogQuery(true, true, 2, T0.plusSeconds(4), null, false),
                        List.of("stderr:d\n")));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void read_query_selectsLikeDocker(QueryCase c) throws Exception {
        Path f = log(
                line(1, "stdout", 'F', "a"),
                line(2, "stderr", 'F', "b"),
                line(3, "stdout", 'F', "c"),
                line(4, "stderr", 'F', "d"));

        assertThat(read(f, c.query())).containsExactlyElementsOf(c.expected());
    }

    @Test
    void read_tailOverInterleavedFragmentsAcrossChunks_matchesFullRead() throws Exception {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            String stream = random.nextBoolean() ? "stdout" : "stderr";
            char flag = random.nextInt(3) == 0 ? 'P' : 'F';
            text.append(line(i % 60, stream, flag, "x".repeat(random.nextInt(80)) + i));
        }
        Path f = log(text.toString());
        List<String> all = read(f, LogQuery.all());

        for (int n : new int[] {1, 2, 5, 17, 100, 1000, all.size(), all.size() + 5}) {
            List<String> tail = read(f, new LogQuery(true, true, n, null, null, false));
            assertThat(tail).as("tail %d", n).containsExactlyElementsOf(all.subList(Math.max(0, all.size() - n),
                    all.size()));
        }
    }

    @Test
    void lineJoiner_hugeLineWithoutNewline_passedOnInPieces() {
        List<LogEntry> out = new ArrayList<>();
        LineJoiner joiner = new LineJoiner(out::add);
        byte[] chunk = new byte[8192];

        for (int i = 0; i < LineJoiner.MAX_PENDING / chunk.length + 1; i++) {
            joiner.accept(new KubeLogLine(T0, StdStream.STDOUT, true, chunk));
        }

        assertThat(out).singleElement().extracting(e -> e.bytes().length).isEqualTo(LineJoiner.MAX_PENDING);
    }

    @Test
    @Timeout(60)
    void read_follow_deliversGrowthUntilExitAndDrain() throws Exception {
        Path f = log(line(1, "stdout", 'F', "first"));
        CompletableFuture<Void> exited = new CompletableFuture<>();
        List<String> out = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                logs.read(f, new LogQuery(true, true, -1, null, null, true),
                        e -> {
                            synchronized (out) {
                                out.add(e.text());
                                out.notifyAll();
                            }
                            return true;
                        }, exited);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        awaitSize(out, 1, reader);

        append(f, line(2, "stdout", 'P', "sec"));
        append(f, line(3, "stdout", 'F', "ond"));
        awaitSize(out, 2, reader);
        append(f, line(4, "stderr", 'P', "last words"));
        exited.complete(null);
        reader.get();

        assertThat(out).containsExactly("first\n", "second\n", "last words");
    }

    @Test
    @Timeout(60)
    void read_followFileCreatedLater_readsItOnceItAppears() throws Exception {
        Path f = dir.resolve("later.log");
        CompletableFuture<Void> exited = new CompletableFuture<>();
        List<String> out = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                logs.read(f, new LogQuery(true, true, -1, null, null, true), e -> {
                    synchronized (out) {
                        out.add(e.text());
                        out.notifyAll();
                    }
                    return true;
                }, exited);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));

        append(f, line(1, "stdout", 'F', "hello"));
        awaitSize(out, 1, reader);
        exited.complete(null);
        reader.get();

        assertThat(out).containsExactly("hello\n");
    }

    @Test
    @Timeout(60)
    void read_followSinkStops_returnsWithoutExit() throws Exception {
        Path f = log(line(1, "stdout", 'F', "a"), line(2, "stdout", 'F', "b"));
        List<String> out = new ArrayList<>();

        logs.read(f, new LogQuery(true, true, -1, null, null, true), e -> {
            out.add(e.text());
            return false;
        }, new CompletableFuture<>());

        assertThat(out).containsExactly("a\n");
    }

    @Test
    @Timeout(60)
    void read_followSinkStopsOnLaterEntry_returnsWithoutExit() throws Exception {
        Path f = log(line(1, "stdout", 'F', "a"));
        List<String> out = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                logs.read(f, new LogQuery(true, true, -1, null, null, true), e -> {
                    synchronized (out) {
                        out.add(e.text());
                        out.notifyAll();
                    }
                    return !e.text().equals("b\n");
                }, new CompletableFuture<>());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        awaitSize(out, 1, reader);

        append(f, line(2, "stdout", 'F', "b"));
        reader.get();

        assertThat(out).containsExactly("a\n", "b\n");
    }

    @Test
    @Timeout(60)
    void read_followUntilInThePast_returns() throws Exception {
        Path f = log(line(1, "stdout", 'F', "a"));

        List<String> out = new ArrayList<>();
        logs.read(f, new LogQuery(true, true, -1, null, T0.plusSeconds(10), true), e -> out.add(e.text()),
                new CompletableFuture<>());

        assertThat(out).containsExactly("a\n");
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Waits for the reader to deliver n entries; a reader that fails instead surfaces its error. */
    private static void awaitSize(List<String> out, int n, CompletableFuture<Void> reader) throws InterruptedException {
        synchronized (out) {
            while (out.size() < n) {
                if (reader.isDone()) {
                    reader.join();
                    throw new AssertionError("reader returned after " + out);
                }
                out.wait(1000);
            }
        }
    }
}
