package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A JSON writer that escapes strings byte for byte as Go's {@code encoding/json} does: control characters with
 * lower-case hex digits, raw UTF-8 for everything else, and, where Go escapes HTML ({@code json.Marshal}, as opposed
 * to moby's {@code WriteJSON}), {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as six-character escapes.
 * Stateless and thread-safe.
 */
final class ImageJson {

    private static final JsonFactory PLAIN = new JsonFactoryBuilder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final JsonFactory HTML_SAFE = new JsonFactoryBuilder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .characterEscapes(new GoHtmlEscapes())
            .build();

    private ImageJson() {
    }

    /** Encodes with Go's {@code json.Marshal} escaping ({@code escapeHtml}) or moby's {@code WriteJSON} escaping. */
    static byte[] write(boolean escapeHtml, VolumeWire.Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = (escapeHtml ? HTML_SAFE : PLAIN).createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A list of strings, or {@code null} as Go writes a nil slice. */
    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeFieldName(field);
        strings(g, values);
    }

    static void strings(JsonGenerator g, List<String> values) throws IOException {
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** A string map with keys in Go's (sorted) order, or {@code null} for a nil map. */
    static void stringMap(JsonGenerator g, String field, Map<String, String> m) throws IOException {
        g.writeFieldName(field);
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Go's HTML-safe escapes on top of the standard JSON ones. */
    private static final class GoHtmlEscapes extends CharacterEscapes {
        private static final SerializedString LT = new SerializedString("\\u003c");
        private static final SerializedString GT = new SerializedString("\\u003e");
        private static final SerializedString AMP = new SerializedString("\\u0026");
        private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        private final int[] ascii;

        GoHtmlEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> LT;
                case '>' -> GT;
                case '&' -> AMP;
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
