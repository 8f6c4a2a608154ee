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
final class JsonBodies {

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
