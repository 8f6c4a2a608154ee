package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.berth.json.Json;
import dev.berth.volume.PruneReport;
import dev.berth.volume.Volume;
import dev.berth.volume.VolumeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /** The body of {@code POST /volumes/create}. */
    @GoType("volume.CreateOptions")
    public record CreateRequest(String Name, String Driver, Map<String, String> DriverOpts,
                                Map<String, String> Labels) {
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

    /** A list body from volumes already encoded by {@link #volume}, byte for byte what {@link #list} writes. */
    public static byte[] list(List<byte[]> encodedVolumes, List<String> warnings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(listSize(encodedVolumes, warnings));
        try {
            writeList(encodedVolumes, warnings, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The length of the body {@link #writeList} writes. */
    public static int listSize(List<byte[]> encodedVolumes, List<String> warnings) {
        long size = HEAD.length + 2L + listTail(warnings).length - 1;
        for (byte[] b : encodedVolumes) {
            size += b.length + 1;
        }
        return Math.toIntExact(encodedVolumes.isEmpty() ? size : size - 1);
    }

    /** Writes a list body from volumes already encoded by {@link #volume} (no copy of the whole body in memory). */
    public static void writeList(List<byte[]> encodedVolumes, List<String> warnings, OutputStream out)
            throws IOException {
        out.write(HEAD);
        for (int i = 0; i < encodedVolumes.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(encodedVolumes.get(i));
        }
        out.write(']');
        out.write(',');
        // The tail is {"Warnings":...}; drop its opening brace.
        byte[] tail = listTail(warnings);
        out.write(tail, 1, tail.length - 1);
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
        g.writeObjectFieldStart(field);
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
