package dev.berth.volume;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.json.Json;
import dev.berth.store.Database;
import dev.berth.volume.driver.RowRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The volumes table (name, driver, labels, options, creation time) and the tombstones of removals whose driver
 * has not made them durable yet (see {@link dev.berth.volume.driver.RowRecorded}). All of the volume service's SQL
 * lives here. Writes return once durable. Thread-safe.
 */
final class VolumeStore {

    private static final Logger log = LoggerFactory.getLogger(VolumeStore.class);
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    /** One stored volume. {@code labels}/{@code options} are null when unset. */
    record Row(String name, String driver, Map<String, String> labels, Map<String, String> options,
               long createdAtSeconds) {
    }

    /** A row to delete; with a tombstone when {@code tombstone} is positive. */
    record Removed(String name, long tombstone) {
    }

    /** From this many rows on, {@link #forEachRow} reads in two halves at once. */
    static final int PARALLEL_LOAD_MIN = 20_000;

    private final Database db;

    VolumeStore(Database db) {
        this.db = db;
        db.migrate("volume", List.of(
                "CREATE TABLE volumes (name TEXT PRIMARY KEY, driver TEXT NOT NULL, labels TEXT, options TEXT,"
                        + " created_at INTEGER NOT NULL) WITHOUT ROWID",
                "CREATE TABLE volume_tombstones (name TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID"));
    }

    /**
     * Hands every row to {@code sink}, keeping none. Rows come in pages of {@value #PAGE}, each page one JSON array
     * that SQLite builds: one crossing into native code per page instead of five per row, which were most of a
     * 100,000-volume start. Big tables are read in two halves at once (split at the middle name), each on its own
     * connection, so {@code sink} must be thread-safe.
     */
    void forEachRow(Consumer<Row> sink) {
        String middle = db.read(c -> {
            try (Statement s = c.createStatement()) {
                int count;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM volumes")) {
                    count = rs.next() ? rs.getInt(1) : 0;
                }
                if (count < PARALLEL_LOAD_MIN) {
                    return null;
                }
                try (ResultSet rs = s.executeQuery("SELECT name FROM volumes ORDER BY name LIMIT 1 OFFSET " + count / 2)) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (middle == null) {
            db.read(c -> load(c, "", null, sink));
            return;
        }
        db.readConcurrently(List.of(c -> load(c, "", middle, sink), c -> load(c, middle, null, sink)));
    }

    /** Rows per page read by {@link #forEachRow}. */
    static final int PAGE = 1_000;

    /** One page of rows from {@code from} (inclusive) on, below {@code to} when given, as a JSON array of arrays. */
    private static final String PAGE_QUERY = "SELECT CAST(json_group_array(json_array(name, driver, labels, options,"
            + " created_at)) AS BLOB), max(name), count(*) FROM (SELECT * FROM volumes WHERE name %s ?1"
            + " AND (?2 IS NULL OR name < ?2) ORDER BY name LIMIT " + PAGE + ")";

    /** Reads the rows with names in [{@code from}, {@code to}) ({@code to} null: no end), page by page. */
    private static Void load(Connection c, String from, String to, Consumer<Row> sink) throws SQLException {
        // Most volumes share their labels' text; each distinct text is parsed once.
        Map<String, Map<String, String>> parsed = new HashMap<>();
        try (PreparedStatement first = c.prepareStatement(PAGE_QUERY.formatted(">="));
             PreparedStatement next = c.prepareStatement(PAGE_QUERY.formatted(">"))) {
            PreparedStatement s = first;
            String bound = from;
            while (true) {
                s.setString(1, bound);
                s.setString(2, to);
                byte[] page;
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getInt(3) == 0) {
                        return null;
                    }
                    page = rs.getBytes(1);
                    bound = rs.getString(2);
                }
                readPage(page, parsed, sink);
                s = next;
            }
        }
    }

    private static void readPage(byte[] page, Map<String, Map<String, String>> parsed, Consumer<Row> sink)
            throws SQLException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(page)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String name = text(p);
                String driver = text(p);
                String labels = text(p);
                String options = text(p);
                expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT);
                long created = p.getLongValue();
                expect(p.nextToken(), JsonToken.END_ARRAY);
                Row row;
                try {
                    row = new Row(name, driver, map(labels, parsed), map(options, parsed), created);
                } catch (JsonProcessingException e) {
                    log.error("volume {}: unreadable metadata row skipped: {}", name, e.getOriginalMessage());
                    continue;
                }
                sink.accept(row);
            }
        } catch (IOException e) {
            throw new SQLException("unreadable page of volume rows: " + e.getMessage(), e);
        }
    }

    /** The next value, a string or null. */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    void insert(Row row) {
        db.write(tx -> tx.update("INSERT INTO volumes(name, driver, labels, options, created_at) VALUES(?,?,?,?,?)",
                row.name(), row.driver(), json(row.labels()), json(row.options()), row.createdAtSeconds()));
    }

    void insertAll(Collection<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        db.write(tx -> {
            for (Row row : rows) {
                tx.update("INSERT OR REPLACE INTO volumes(name, driver, labels, options, created_at) VALUES(?,?,?,?,?)",
                        row.name(), row.driver(), json(row.labels()), json(row.options()), row.createdAtSeconds());
            }
            return null;
        });
    }

    /**
     * Deletes rows, writing the tombstones asked for in the same transaction. Many rows (a prune) go in two
     * statements that take every name at once as a JSON array: one JDBC round trip per row would be most of it.
     */
    void delete(Collection<Removed> removed) {
        if (removed.isEmpty()) {
            return;
        }
        db.write(deletion(removed));
    }

    /** {@link #delete} without waiting: the future completes once the deletion is durable (see {@link #await}). */
    CompletableFuture<Void> deleteLater(Collection<Removed> removed) {
        return removed.isEmpty() ? CompletableFuture.completedFuture(null) : db.submit(deletion(removed));
    }

    /** Waits for a write of this store, rethrowing its failure as {@link #delete} would. */
    static <T> T await(CompletableFuture<T> write) {
        return Database.await(write);
    }

    private static Database.TxWork<Void> deletion(Collection<Removed> removed) {
        // [[name, tombstone], ...]: one array for both statements; tombstone 0 is a row deleted without one.
        String json = pairsJson(removed, Removed::name, Removed::tombstone);
        return tx -> {
            tx.update("DELETE FROM volumes WHERE name IN (SELECT value ->> 0 FROM json_each(?))", json);
            tx.update("INSERT OR REPLACE INTO volume_tombstones(name, seq)"
                    + " SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE value ->> 1 > 0", json);
            return null;
        };
    }

    /** Deletes rows without tombstones: metadata dropped on its own, with no storage left to remove. */
    void deleteRows(Collection<String> names) {
        delete(names.stream().map(n -> new Removed(n, 0)).toList());
    }

    /** Names with a tombstone. */
    Set<String> tombstones() {
        return db.read(c -> {
            Set<String> names = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM volume_tombstones")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** Deletes the tombstones of settled removals (not those of a later removal of the same name). */
    void settle(Collection<RowRecorded.Tombstone> settled) {
        if (settled.isEmpty()) {
            return;
        }
        String json = pairsJson(settled, RowRecorded.Tombstone::name, RowRecorded.Tombstone::seq);
        db.write(tx -> tx.update("DELETE FROM volume_tombstones WHERE (name, seq) IN"
                + " (SELECT value ->> 0, value ->> 1 FROM json_each(?))", json));
    }

    /** Deletes every tombstone (at start, once the drivers have acted on them). */
    void clearTombstones() {
        db.write(tx -> tx.update("DELETE FROM volume_tombstones"));
    }

    private static Map<String, String> map(String json, Map<String, Map<String, String>> parsed)
            throws JsonProcessingException {
        if (json == null) {
            return null;
        }
        Map<String, String> m = parsed.get(json);
        if (m == null) {
            m = StringMaps.canonical(Json.MAPPER.readValue(json, MAP));
            if (parsed.size() < StringMaps.MAX_CANONICAL) {
                parsed.put(json, m);
            }
        }
        return m;
    }

    /**
     * {@code [["name", n], ...]} for SQLite's json_each. Written by hand: a prune passes 10,000 pairs, and the
     * generic mapper took ≈20 ms of a prune just after a start.
     */
    static <T> String pairsJson(Collection<T> items, Function<T, String> name, ToLongFunction<T> number) {
        StringBuilder b = new StringBuilder(items.size() * 24 + 2).append('[');
        for (T item : items) {
            if (b.length() > 1) {
                b.append(',');
            }
            appendJsonString(b.append('['), name.apply(item));
            b.append(',').append(number.applyAsLong(item)).append(']');
        }
        return b.append(']').toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped, everything else as it is. */
    static StringBuilder appendJsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"');
    }

    private static String jsonValue(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, String> m) {
        return m == null ? null : jsonValue(new TreeMap<>(m));
    }
}
