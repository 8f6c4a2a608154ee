package dev.berth.gotext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Go's {@code mime.ParseMediaType}, for the checks Docker makes on {@code Content-Type}: the media type must be a
 * token, optionally {@code /} and a token; parameters must be {@code ; name=value} (value a token or a quoted
 * string) with no name twice; a trailing {@code ;} is fine. Errors are Go's {@code mime: ...} texts. Stateless and
 * thread-safe.
 */
public final class GoMediaType {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private GoMediaType() {
    }

    /** A header Go refuses; the message is Go's, e.g. {@code mime: no media type}. */
    public static final class ParseException extends IllegalArgumentException {
        ParseException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code v} and returns the media type, lower-cased and trimmed.
     *
     * @throws ParseException with Go's text when the header is malformed
     */
    public static String parse(String v) {
        int semi = v.indexOf(';');
        String mediaType = trimSpace(v.substring(0, semi < 0 ? v.length() : semi).toLowerCase(Locale.ROOT));
        checkMediaType(mediaType);
        String rest = semi < 0 ? "" : v.substring(semi);
        Map<String, Set<String>> continuations = new HashMap<>();
        Set<String> plain = new HashSet<>();
        while (!rest.isEmpty()) {
            rest = trimLeftSpace(rest);
            if (rest.isEmpty()) {
                break;
            }
            String[] param = consumeParam(rest);
            if (param == null) {
                if (trimSpace(rest).equals(";")) {
                    return mediaType;
                }
                throw new ParseException("mime: invalid media parameter");
            }
            String key = param[0];
            int star = key.indexOf('*');
            Set<String> names = star < 0 ? plain
                    : continuations.computeIfAbsent(key.substring(0, star), k -> new HashSet<>());
            if (!names.add(key)) {
                throw new ParseException("mime: duplicate parameter name");
            }
            rest = param[1];
        }
        return mediaType;
    }

    private static void checkMediaType(String s) {
        int typeEnd = tokenEnd(s, 0);
        if (typeEnd == 0) {
            throw new ParseException("mime: no media type");
        }
        if (typeEnd == s.length()) {
            return;
        }
        if (s.charAt(typeEnd) != '/') {
            throw new ParseException("mime: expected slash after first token");
        }
        int subEnd = tokenEnd(s, typeEnd + 1);
        if (subEnd == typeEnd + 1) {
            throw new ParseException("mime: expected token after slash");
        }
        if (subEnd != s.length()) {
            throw new ParseException("mime: unexpected content after media subtype");
        }
    }

    /** Go's consumeMediaParam: {@code [name, rest]} (the name lower-cased), or null when none can be read. */
    private static String[] consumeParam(String v) {
        String rest = trimLeftSpace(v);
        if (!rest.startsWith(";")) {
            return null;
        }
        rest = trimLeftSpace(rest.substring(1));
        int nameEnd = tokenEnd(rest, 0);
        if (nameEnd == 0) {
            return null;
        }
        String name = rest.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        rest = trimLeftSpace(rest.substring(nameEnd));
        if (!rest.startsWith("=")) {
            return null;
        }
        rest = trimLeftSpace(rest.substring(1));
        int valueEnd = valueEnd(rest);
        if (valueEnd <= 0) {
            return null;
        }
        return new String[] {name, rest.substring(valueEnd)};
    }

    /** End of a token or a quoted string at the start of {@code v}; 0 or less when there is no non-empty value. */
    private static int valueEnd(String v) {
        if (v.isEmpty()) {
            return 0;
        }
        if (v.charAt(0) != '"') {
            return tokenEnd(v, 0);
        }
        boolean literal = false;
        boolean empty = true;
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (literal) {
                literal = false;
                empty = false;
            } else if (c == '"') {
                return empty ? 0 : i + 1;
            } else if (c == '\\') {
                literal = true;
            } else if (c != '\r' && c != '\n') {
                empty = false;
            } else {
                return 0;
            }
        }
        return 0;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isTokenChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && TSPECIALS.indexOf(c) < 0;
    }

    private static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String trimSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return trimLeftSpace(s.substring(0, end));
    }

    /** Go's {@code unicode.IsSpace}. */
    private static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
            default -> c > 0xff && Character.isSpaceChar(c);
        };
    }
}
