package dev.berth.volume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.json.Json;
import dev.berth.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The volumes table: name, driver, labels, options, creation time. All of the volume service's SQL lives here.
 * Writes return once durable. Thread-safe.
 */
final class VolumeStore {

    private static final Logger log = LoggerFactory.getLogger(VolumeStore.class);
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    /** One stored volume. {@code labels}/{@code options} are null when unset. */
    record Row(String name, String driver, Map<String, String> labels, Map<String, String> options,
               long createdAtSeconds) {
    }

    private final Database db;

    VolumeStore(Database db) {
        this.db = db;
        db.migrate("volume", List.of(
                "CREATE TABLE volumes (name TEXT PRIMARY KEY, driver TEXT NOT NULL, labels TEXT, options TEXT,"
                        + " created_at INTEGER NOT NULL) WITHOUT ROWID"));
    }

    List<Row> loadAll() {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            // Most volumes share their labels' text; each distinct text is parsed once.
            Map<String, Map<String, String>> parsed = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, driver, labels, options, created_at FROM volumes")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    try {
                        rows.add(new Row(name, rs.getString(2), map(rs.getString(3), parsed),
                                map(rs.getString(4), parsed), rs.getLong(5)));
                    } catch (JsonProcessingException e) {
                        log.error("volume {}: unreadable metadata row skipped: {}", name, e.getOriginalMessage());
                    }
                }
            }
            return rows;
        });
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

    void delete(String name) {
        db.write(tx -> tx.update("DELETE FROM volumes WHERE name = ?", name));
    }

    void deleteAll(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        db.write(tx -> {
            for (String n : names) {
                tx.update("DELETE FROM volumes WHERE name = ?", n);
            }
            return null;
        });
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

    private static String json(Map<String, String> m) {
        if (m == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
