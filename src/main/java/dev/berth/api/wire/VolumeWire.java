package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.berth.json.Json;
import dev.berth.volume.PruneReport;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes volumes in Docker's wire shape, field for field in Go's order: {@code Labels} and {@code Options} are
 * {@code null} when unset, {@code Status} and {@code UsageData} omitted when absent, map keys sorted, strings
 * escaped as Go's encoder with {@code SetEscapeHTML(false)} does (Docker's {@code WriteJSON}). Hand-written with the
 * streaming generator because listing 100,000 volumes must be fast.
 */
public final class VolumeWire {

    private VolumeWire() {
    }

    /**
     * The body of {@code POST /berth/volumes/{name}/clone} (berth's own): the new volume's name, and its labels
     * when they are not to be the source's.
     */
    @GoType("berth.VolumeCloneOptions")
    public record CloneRequest(String Name, Map<String, String> Labels) {
    }

    /** The body of {@code POST /volumes/create}. */
    @GoType("volume.CreateOptions")
    public record CreateRequest(String Name, String Driver, Map<String, String> DriverOpts,
                                Map<String, String> Labels, ClusterVolumeSpec ClusterVolumeSpec) {
    }

    /**
     * A cluster (swarm CSI) volume's spec in a create request. Only its presence matters: from API 1.42 it sends the
     * create to swarm, which berth never is part of; its fields are skipped.
     */
    @GoType("volume.ClusterVolumeSpec")
    public record ClusterVolumeSpec() {
    }

    public static byte[] volume(Volume v) {
        return write(g -> writeVolume(g, v));
    }

    public static byte[] list(VolumeList list) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Volumes");
            for (Volume v : list.volumes()) {
                writeVolume(g, v);
            }
            g.writeEndArray();
            writeStrings(g, "Warnings", list.warnings());
            g.writeEndObject();
        });
    }

    /**
     * A list body written piece by piece, byte for byte what {@link #list} writes: a list of 100,000 volumes is
     * 18 MB, which never needs to exist at once.
     */
    public static final class ListEncoder {
        private final List<Volume> volumes;
        private final List<String> warnings;
        private final int pieceSize;
        private final VolumeBytes out;
        private int next = -1;

        /** @param pieceSize a piece ends with the first volume that takes it to this many bytes or more */
        public ListEncoder(VolumeList list, int pieceSize) {
            this.volumes = list.volumes();
            this.warnings = list.warnings();
            this.pieceSize = pieceSize;
            this.out = new VolumeBytes(pieceSize + 1024);
        }

        /**
         * Encodes the next piece (whole volumes, at least one) into {@link #bytes()}, replacing the one before; false
         * once this piece completes the body.
         */
        public boolean next() {
            out.reset();
            if (next < 0) {
                out.raw(HEAD);
                next = 0;
            }
            int first = next;
            while (next < volumes.size() && (next == first || out.size() < pieceSize)) {
                if (next > 0) {
                    out.raw((byte) ',');
                }
                out.volume(volumes.get(next++));
            }
            if (next < volumes.size()) {
                return true;
            }
            out.raw((byte) ']');
            out.raw((byte) ',');
            // The tail is {"Warnings":...}; drop its opening brace.
            byte[] tail = listTail(warnings);
            out.raw(tail, 1, tail.length - 1);
            return false;
        }

        /** The piece {@link #next} wrote. */
        public VolumeBytes bytes() {
            return out;
        }
    }

    private static byte[] listTail(List<String> warnings) {
        return warnings == null ? NULL_WARNINGS : write(g -> {
            g.writeStartObject();
            writeStrings(g, "Warnings", warnings);
            g.writeEndObject();
        });
    }

    private static final byte[] NULL_WARNINGS = "{\"Warnings\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static final byte[] HEAD = "{\"Volumes\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    public static byte[] prune(PruneReport r) {
        return write(g -> {
            g.writeStartObject();
            writeStrings(g, "VolumesDeleted", r.volumesDeleted());
            g.writeNumberField("SpaceReclaimed", r.spaceReclaimed());
            g.writeEndObject();
        });
    }

    /** Writes one volume object; used by lists and by {@code /system/df}. */
    public static void writeVolume(JsonGenerator g, Volume v) throws IOException {
        g.writeStartObject();
        g.writeStringField("CreatedAt", Rfc3339.seconds(v.createdAtSeconds()));
        g.writeStringField("Driver", v.driver());
        writeMap(g, "Labels", v.labels());
        g.writeStringField("Mountpoint", v.mountpoint());
        g.writeStringField("Name", v.name());
        writeMap(g, "Options", v.options());
        g.writeStringField("Scope", v.scope());
        if (v.status() != null && !v.status().isEmpty()) {
            g.writeFieldName("Status");
            Json.MAPPER.writeValue(g, new TreeMap<>(v.status()));
        }
        if (v.usage() != null) {
            g.writeObjectFieldStart("UsageData");
            g.writeNumberField("RefCount", v.usage().refCount());
            g.writeNumberField("Size", v.usage().size());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> m) throws IOException {
        if (m == null) {
            g.writeNullField(field);
            return;
        }
        g.writeFieldName(field);
        writeMapValue(g, m);
    }

    /** Writes {@code m} as an object with its keys sorted, as Go encodes a {@code map[string]string}. */
    static void writeMapValue(JsonGenerator g, Map<String, String> m) throws IOException {
        g.writeStartObject();
        Map<String, String> sorted = m instanceof SortedMap<String, String> s && s.comparator() == null
                ? m : new TreeMap<>(m);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values == null) {
            g.writeNullField(field);
            return;
        }
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** A body writer that may throw. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes with Go's escaping as Docker's {@code WriteJSON} does it (HTML characters kept). */
    public static byte[] write(Body body) {
        return write(body, Json.GO_ESCAPES);
    }

    /** Writes with the given escaping, e.g. {@link Json#GO_HTML_SAFE_ESCAPES} where Docker encodes HTML-safe. */
    static byte[] write(Body body, CharacterEscapes escapes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.setCharacterEscapes(escapes);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
