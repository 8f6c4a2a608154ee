package dev.berth.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper: unknown fields ignored, explicit nulls accepted for primitives (docker-java
 * sends them), no pretty printing, and strings escaped as Go's {@code encoding/json} escapes them: lower-case hex
 * in control-character escapes, U+2028 and U+2029 always escaped, characters beyond the BMP written as UTF-8 rather
 * than as surrogate escapes. Immutable and thread-safe.
 */
public final class Json {

    /**
     * Go's encoder with {@code SetEscapeHTML(false)}, as Docker's {@code httputils.WriteJSON} uses it; the default
     * for everything berth writes.
     */
    public static final CharacterEscapes GO_ESCAPES = new GoEscapes(false);

    /**
     * Go's default encoder, which is HTML-safe ({@code <}, {@code >} and {@code &} as six-character
     * {@code u003c}-style escapes); Docker uses it where it calls {@code json.NewEncoder} or {@code json.Marshal}
     * directly, e.g. the {@code /events} stream. Set it on a generator with {@code setCharacterEscapes}.
     */
    public static final CharacterEscapes GO_HTML_SAFE_ESCAPES = new GoEscapes(true);

    public static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .characterEscapes(GO_ESCAPES)
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private Json() {
    }

    /** Go escapes U+2028 and U+2029 unconditionally because they break JSONP; HTML characters only when asked. */
    private static final class GoEscapes extends CharacterEscapes {

        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        private final int[] ascii;

        GoEscapes(boolean html) {
            ascii = standardAsciiEscapesForJSON();
            if (html) {
                ascii['<'] = ESCAPE_STANDARD;
                ascii['>'] = ESCAPE_STANDARD;
                ascii['&'] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
