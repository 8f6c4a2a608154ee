package dev.berth.image;

import dev.berth.store.Database;
import dev.berth.store.Tx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL of the image store: images (ID, parent, last tag time), tags (full reference to image ID) and root
 * filesystems (container ID to the layers it stacks, which keeps those layers alive). Config bytes live in the
 * {@link BlobStore}. Every write returns once durable. Thread-safe (the {@link Database} serialises).
 */
final class ImageStore {

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE image (
                id TEXT PRIMARY KEY,
                parent TEXT,
                last_tag_time INTEGER,
                stored_at INTEGER NOT NULL
            );
            CREATE TABLE image_tag (
                ref TEXT PRIMARY KEY,
                image_id TEXT NOT NULL REFERENCES image(id),
                tagged_at INTEGER NOT NULL
            );
            CREATE INDEX image_tag_by_image ON image_tag(image_id);
            CREATE TABLE image_rootfs (
                container_id TEXT PRIMARY KEY,
                image_id TEXT NOT NULL,
                layers TEXT NOT NULL,
                dir TEXT NOT NULL
            )
            """);

    record ImageRow(String id, String parent, Long lastTagTime, long storedAt) {}

    record TagRow(String ref, String imageId) {}

    record RootFsRow(String containerId, String imageId, List<String> layers, String dir) {}

    /** One change to the tag table: {@code imageId == null} deletes the tag. */
    record TagChange(String ref, String imageId) {}

    private final Database db;

    ImageStore(Database db) {
        this.db = db;
        db.migrate("image", SCHEMA);
    }

    /** Stores an image (if new) and moves the given tags to it, in one transaction. */
    void putImage(ImageRow image, List<TagChange> tags, long now) {
        db.write(tx -> {
            tx.update("INSERT INTO image(id, parent, last_tag_time, stored_at) VALUES(?, ?, ?, ?) "
                            + "ON CONFLICT(id) DO UPDATE SET last_tag_time = COALESCE(excluded.last_tag_time, "
                            + "last_tag_time)",
                    image.id(), image.parent(), image.lastTagTime(), image.storedAt());
            applyTags(tx, tags, now);
            return null;
        });
    }

    /** Applies tag changes and records {@code lastTagTime} on {@code imageId} (when not null). */
    void changeTags(List<TagChange> tags, String imageId, long now) {
        db.write(tx -> {
            applyTags(tx, tags, now);
            if (imageId != null) {
                tx.update("UPDATE image SET last_tag_time = ? WHERE id = ?", now, imageId);
            }
            return null;
        });
    }

    /** Deletes images and the given tags in one transaction. */
    void deleteImages(List<String> ids, List<String> refs) {
        db.write(tx -> {
            for (String ref : refs) {
                tx.update("DELETE FROM image_tag WHERE ref = ?", ref);
            }
            for (String id : ids) {
                tx.update("DELETE FROM image_tag WHERE image_id = ?", id);
                tx.update("DELETE FROM image WHERE id = ?", id);
            }
            return null;
        });
    }

    void putRootFs(RootFsRow row) {
        putRootFs(row, tx -> null);
    }

    /** Writes the row and runs {@code alongside} in the same transaction: both are durable, or neither. */
    void putRootFs(RootFsRow row, Database.TxWork<?> alongside) {
        db.write(tx -> {
            tx.update("INSERT INTO image_rootfs(container_id, image_id, layers, dir) VALUES(?, ?, ?, ?) "
                            + "ON CONFLICT(container_id) DO UPDATE SET image_id = excluded.image_id, "
                            + "layers = excluded.layers, dir = excluded.dir",
                    row.containerId(), row.imageId(), String.join(" ", row.layers()), row.dir());
            return alongside.run(tx);
        });
    }

    /** Deletes the row and runs {@code alongside} in the same transaction. */
    void deleteRootFs(String containerId, Database.TxWork<?> alongside) {
        db.write(tx -> {
            tx.update("DELETE FROM image_rootfs WHERE container_id = ?", containerId);
            return alongside.run(tx);
        });
    }

    private static void applyTags(Tx tx, List<TagChange> tags, long now) throws SQLException {
        for (TagChange t : tags) {
            if (t.imageId() == null) {
                tx.update("DELETE FROM image_tag WHERE ref = ?", t.ref());
            } else {
                tx.update("INSERT INTO image_tag(ref, image_id, tagged_at) VALUES(?, ?, ?) ON CONFLICT(ref) "
                        + "DO UPDATE SET image_id = excluded.image_id, tagged_at = excluded.tagged_at",
                        t.ref(), t.imageId(), now);
            }
        }
    }

    List<ImageRow> images() {
        return db.read(c -> {
            List<ImageRow> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, parent, last_tag_time, stored_at FROM image")) {
                while (rs.next()) {
                    long ltt = rs.getLong(3);
                    Long lastTagTime = rs.wasNull() ? null : ltt;
                    out.add(new ImageRow(rs.getString(1), rs.getString(2), lastTagTime, rs.getLong(4)));
                }
            }
            return out;
        });
    }

    List<TagRow> tags() {
        return db.read(c -> {
            List<TagRow> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ref, image_id FROM image_tag")) {
                while (rs.next()) {
                    out.add(new TagRow(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        });
    }

    List<RootFsRow> rootFilesystems() {
        return db.read(c -> {
            List<RootFsRow> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT container_id, image_id, layers, dir FROM image_rootfs")) {
                while (rs.next()) {
                    String layers = rs.getString(3);
                    out.add(new RootFsRow(rs.getString(1), rs.getString(2),
                            layers.isEmpty() ? List.of() : List.of(layers.split(" ")), rs.getString(4)));
                }
            }
            return out;
        });
    }
}
