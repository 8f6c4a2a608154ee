package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoMediaType;

/**
 * Reads JSON request bodies as Docker's {@code httputils.ReadJSON} does: the Content-Type must parse (Go's
 * {@code mime.ParseMediaType}) to {@code application/json}, unless it is absent and the body empty; an empty body
 * is allowed; a body of only whitespace is {@code invalid JSON: got EOF while reading request body}; the first
 * value is scanned and decoded as Go's {@code json.Decoder} does (syntax errors, then type errors, both after
 * {@code invalid JSON: }); anything but whitespace, {@code ]} or {@code }} after it is
 * {@code unexpected content after JSON}. Target types are records annotated with
 * {@link dev.berth.api.wire.GoType}; see {@link GoJsonDecoder} for the decoding rules.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** Decodes {@code body} into {@code type}; returns null for an empty body. */
    static <T> T read(String contentType, byte[] body, Class<T> type) {
        if (body.length == 0 && (contentType == null || contentType.isEmpty())) {
            return null;
        }
        checkContentType(contentType);
        if (body.length == 0) {
            return null;
        }
        int start = GoJsonSyntax.skipSpace(body, 0, body.length);
        if (start == body.length) {
            throw new InvalidArgumentException("invalid JSON: got EOF while reading request body");
        }
        int end;
        try {
            end = GoJsonSyntax.scanValue(body, start, body.length);
        } catch (GoJsonSyntax.SyntaxError e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getMessage());
        }
        T value;
        try {
            value = GoJsonDecoder.decode(body, start, end, type);
        } catch (GoJsonDecoder.TypeError e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getMessage());
        }
        if (GoJsonSyntax.more(body, end, body.length)) {
            throw new InvalidArgumentException("unexpected content after JSON");
        }
        return value;
    }

    /**
     * The top-level member of {@code body} that Go's decoder stores in field {@code field} of record {@code type}
     * (keys match as when decoding: exactly or case-folded; of several, the last wins), re-encoded as compact JSON:
     * whitespace between tokens dropped, strings re-escaped as valid UTF-8 with invalid bytes as U+FFFD (what
     * decoding makes of them), numbers and literals verbatim. Used to keep a part of a request as the client sent
     * it. Walks the input iteratively, so it takes any depth the syntax check allows.
     *
     * @return the member's JSON, or null when it is absent or null, the body is not an object or not valid JSON
     */
    public static String memberJson(byte[] body, Class<?> type, String field) {
        GoShape.Struct shape = GoShape.of(type);
        GoShape.Field wanted = shape.exact().get(field);
        if (wanted == null) {
            throw new IllegalArgumentException(type.getName() + " has no JSON field " + field);
        }
        int start = GoJsonSyntax.skipSpace(body, 0, body.length);
        int end;
        try {
            end = GoJsonSyntax.scanValue(body, start, body.length);
        } catch (GoJsonSyntax.SyntaxError e) {
            return null;
        }
        if (body[start] != '{') {
            return null;
        }
        GoJsonCursor in = new GoJsonCursor(body, start + 1, end);
        if (in.peek() == '}') {
            return null;
        }
        int valueStart = -1;
        int valueEnd = -1;
        while (true) {
            String key = in.readString();
            in.skipSpace();
            in.pos++; // ':'
            in.skipSpace();
            int at = in.pos;
            in.skipValue();
            if (shape.field(key) == wanted) {
                valueStart = at;
                valueEnd = in.pos;
            }
            in.skipSpace();
            if (in.b[in.pos++] == '}') {
                break;
            }
            in.skipSpace();
        }
        if (valueStart < 0 || body[valueStart] == 'n') {
            return null;
        }
        return compact(body, valueStart, valueEnd);
    }

    /** Re-encodes the valid JSON value at {@code [start, end)} as described at {@link #memberJson}. */
    private static String compact(byte[] body, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        GoJsonCursor in = new GoJsonCursor(body, start, end);
        while (in.pos < end) {
            int c = in.peek();
            if (c == '"') {
                quote(in.readString(), out);
            } else {
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    out.append((char) c); // structural characters, literals and numbers are ASCII
                }
                in.pos++;
            }
        }
        return out.toString();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Docker's {@code matchesContentType(ct, "application/json")}; an absent header reads as empty. */
    static void checkContentType(String contentType) {
        String header = contentType == null ? "" : contentType;
        String mime;
        try {
            mime = GoMediaType.parse(header);
        } catch (GoMediaType.ParseException e) {
            throw new InvalidArgumentException("malformed Content-Type header (" + header + "): " + e.getMessage());
        }
        if (!mime.equals("application/json")) {
            throw new InvalidArgumentException("unsupported Content-Type header (" + header
                    + "): must be 'application/json'");
        }
    }
}
