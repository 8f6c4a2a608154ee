package dev.berth.container;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.berth.errors.InternalException;
import dev.berth.json.Json;
import dev.berth.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The containers table: one JSON record per container, name unique. All of the container service's SQL lives
 * here; writes return once durable. Thread-safe.
 */
final class ContainerStore {

    private static final Logger log = LoggerFactory.getLogger(ContainerStore.class);
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(v.toString());
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));

    private final Database db;

    ContainerStore(Database db) {
        this.db = db;
        db.migrate("container", List.of(
                "CREATE TABLE containers (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, record TEXT NOT NULL)"
                        + " WITHOUT ROWID"));
    }

    List<ContainerRecord> loadAll() {
        return db.read(c -> {
            List<ContainerRecord> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, record FROM containers")) {
                while (rs.next()) {
                    try {
                        out.add(MAPPER.readValue(rs.getString(2), ContainerRecord.class));
                    } catch (IOException e) {
                        log.error("container {}: unreadable record skipped: {}", rs.getString(1), e.getMessage());
                    }
                }
            }
            return out;
        });
    }

    void put(ContainerRecord r) {
        db.write(putWork(r));
    }

    /** The write of {@link #put}, to run in a transaction shared with another store's write. */
    Database.TxWork<Integer> putWork(ContainerRecord r) {
        String json = json(r);
        return tx -> tx.update("INSERT INTO containers(id, name, record) VALUES(?,?,?) ON CONFLICT(id) DO UPDATE"
                + " SET name = excluded.name, record = excluded.record", r.id(), r.name(), json);
    }

    void delete(String id) {
        db.write(deleteWork(id));
    }

    /** The write of {@link #delete}, to run in a transaction shared with another store's write. */
    Database.TxWork<Integer> deleteWork(String id) {
        return tx -> tx.update("DELETE FROM containers WHERE id = ?", id);
    }

    private static String json(ContainerRecord r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (IOException e) {
            throw new InternalException("encode container record: " + e.getMessage(), e);
        }
    }
}
