package dev.berth.gotext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parts of a URL as Go's {@code url.Parse} splits them, with its errors worded as Go words them
 * ({@code parse "//h:x/s": invalid port ":x" after host}). Only what Docker reads is kept: scheme, opaque part,
 * host (unescaped, with the port) and path. Immutable and thread-safe.
 */
public record GoUrl(String scheme, String opaque, String host, String path) {

    private enum Mode { PATH, HOST, ZONE, USER_PASSWORD, FRAGMENT }

    /** A URL Go refuses; the message is Go's {@code url.Error}. */
    public static final class ParseException extends IllegalArgumentException {
        ParseException(byte[] url, String reason) {
            super("parse " + GoQuote.quote(url) + ": " + reason);
        }
    }

    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Go's {@code url.Parse}. */
    public static GoUrl parse(String rawUrl) {
        byte[] raw = rawUrl.getBytes(StandardCharsets.UTF_8);
        int hash = indexOf(raw, (byte) '#', 0);
        byte[] u = hash < 0 ? raw : Arrays.copyOfRange(raw, 0, hash);
        GoUrl url;
        try {
            url = parseWithoutFragment(u);
        } catch (Invalid e) {
            throw new ParseException(u, e.getMessage());
        }
        if (hash >= 0 && hash + 1 < raw.length) {
            try {
                unescape(Arrays.copyOfRange(raw, hash + 1, raw.length), Mode.FRAGMENT);
            } catch (Invalid e) {
                throw new ParseException(raw, e.getMessage());
            }
        }
        return url;
    }

    /** Go's {@code URL.Port}: the digits after the last colon of the host, or "" when there is no valid port. */
    public String port() {
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(host.substring(colon))) {
            return host.substring(colon + 1);
        }
        return "";
    }

    private static GoUrl parseWithoutFragment(byte[] raw) throws Invalid {
        for (byte c : raw) {
            if ((c & 0xff) < 0x20 || c == 0x7f) {
                throw new Invalid("net/url: invalid control character in URL");
            }
        }
        if (raw.length == 1 && raw[0] == '*') {
            return new GoUrl("", "", "", "*");
        }
        String scheme = "";
        byte[] rest = raw;
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new Invalid("missing protocol scheme");
                }
                scheme = new String(raw, 0, i, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
                rest = Arrays.copyOfRange(raw, i + 1, raw.length);
            }
            break;
        }
        int question = indexOf(rest, (byte) '?', 0);
        if (question >= 0) {
            rest = Arrays.copyOfRange(rest, 0, question);
        }
        if (!startsWith(rest, "/")) {
            if (!scheme.isEmpty()) {
                return new GoUrl(scheme, new String(rest, StandardCharsets.UTF_8), "", "");
            }
            int slash = indexOf(rest, (byte) '/', 0);
            if (indexOf(Arrays.copyOfRange(rest, 0, slash < 0 ? rest.length : slash), (byte) ':', 0) >= 0) {
                throw new Invalid("first path segment in URL cannot contain colon");
            }
        }
        String host = "";
        if ((!scheme.isEmpty() || !startsWith(rest, "///")) && startsWith(rest, "//")) {
            int slash = indexOf(rest, (byte) '/', 2);
            byte[] authority = Arrays.copyOfRange(rest, 2, slash < 0 ? rest.length : slash);
            rest = slash < 0 ? new byte[0] : Arrays.copyOfRange(rest, slash, rest.length);
            host = parseAuthority(authority);
        }
        return new GoUrl(scheme, "", host, unescape(rest, Mode.PATH));
    }

    private static String parseAuthority(byte[] authority) throws Invalid {
        int at = lastIndexOf(authority, (byte) '@');
        String host = parseHost(at < 0 ? authority : Arrays.copyOfRange(authority, at + 1, authority.length));
        if (at < 0) {
            return host;
        }
        byte[] userinfo = Arrays.copyOfRange(authority, 0, at);
        for (byte b : userinfo) {
            int c = b & 0xff;
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
            if (!ok) {
                throw new Invalid("net/url: invalid userinfo");
            }
        }
        int colon = indexOf(userinfo, (byte) ':', 0);
        if (colon < 0) {
            unescape(userinfo, Mode.USER_PASSWORD);
        } else {
            unescape(Arrays.copyOfRange(userinfo, 0, colon), Mode.USER_PASSWORD);
            unescape(Arrays.copyOfRange(userinfo, colon + 1, userinfo.length), Mode.USER_PASSWORD);
        }
        return host;
    }

    private static String parseHost(byte[] host) throws Invalid {
        if (startsWith(host, "[")) {
            int close = lastIndexOf(host, (byte) ']');
            if (close < 0) {
                throw new Invalid("missing ']' in host");
            }
            byte[] colonPort = Arrays.copyOfRange(host, close + 1, host.length);
            if (!validOptionalPort(new String(colonPort, StandardCharsets.UTF_8))) {
                throw new Invalid("invalid port " + GoQuote.quote(colonPort) + " after host");
            }
            int zone = indexOf(Arrays.copyOfRange(host, 0, close), "%25");
            if (zone >= 0) {
                return unescape(Arrays.copyOfRange(host, 0, zone), Mode.HOST)
                        + unescape(Arrays.copyOfRange(host, zone, close), Mode.ZONE)
                        + unescape(Arrays.copyOfRange(host, close, host.length), Mode.HOST);
            }
        } else {
            int colon = lastIndexOf(host, (byte) ':');
            if (colon >= 0) {
                byte[] colonPort = Arrays.copyOfRange(host, colon, host.length);
                if (!validOptionalPort(new String(colonPort, StandardCharsets.UTF_8))) {
                    throw new Invalid("invalid port " + GoQuote.quote(colonPort) + " after host");
                }
            }
        }
        return unescape(host, Mode.HOST);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's error for the first percent-escape its URL decoding refuses ({@code %} not followed by two hex digits):
     * {@code invalid URL escape "%zz"}; null when every escape is good. For a request's path or query, whose bytes
     * are the raw request target.
     */
    public static String invalidEscape(byte[] s) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == '%') {
                if (isBadEscape(s, i)) {
                    return escapeError(s, i).getMessage();
                }
                i += 2;
            }
        }
        return null;
    }

    private static boolean isBadEscape(byte[] s, int i) {
        return i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2]);
    }

    /** Go's {@code unescape}: checks every {@code %XX} (and, in hosts, which characters may appear). */
    private static String unescape(byte[] s, Mode mode) throws Invalid {
        for (int i = 0; i < s.length; ) {
            int c = s[i] & 0xff;
            if (c == '%') {
                if (isBadEscape(s, i)) {
                    throw escapeError(s, i);
                }
                byte[] escape = Arrays.copyOfRange(s, i, i + 3);
                boolean percent25 = s[i + 1] == '2' && s[i + 2] == '5';
                if (mode == Mode.HOST && unhex(s[i + 1]) < 8 && !percent25) {
                    throw escapeError(escape);
                }
                if (mode == Mode.ZONE) {
                    int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
                    if (!percent25 && v != ' ' && shouldEscape(v, Mode.HOST)) {
                        throw escapeError(escape);
                    }
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
                    throw new Invalid("invalid character " + GoQuote.quote(new byte[] {s[i]}) + " in host name");
                }
                i++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        for (int i = 0; i < s.length; i++) {
            if (s[i] == '%') {
                out.write(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
                i += 2;
            } else {
                out.write(s[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Invalid escapeError(byte[] s) {
        return new Invalid("invalid URL escape " + GoQuote.quote(s));
    }

    /** The error for the escape at {@code i}: the {@code %} and up to two bytes after it, as Go quotes them. */
    private static Invalid escapeError(byte[] s, int i) {
        return escapeError(Arrays.copyOfRange(s, i, Math.min(i + 3, s.length)));
    }

    /** Go's {@code shouldEscape}, for the modes unescape consults it in. */
    private static boolean shouldEscape(int c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if ((mode == Mode.HOST || mode == Mode.ZONE) && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
            return false;
        }
        if ("-_.~".indexOf(c) >= 0) {
            return false;
        }
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return switch (mode) {
                case PATH -> c == '?';
                case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
                case FRAGMENT -> false;
                case HOST, ZONE -> true;
            };
        }
        if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) {
            return false;
        }
        return true;
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0 && b < 0x80;
    }

    private static int unhex(byte b) {
        return Character.digit(b, 16);
    }

    private static boolean startsWith(byte[] b, String prefix) {
        if (b.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, String s) {
        outer:
        for (int i = 0; i + s.length() <= b.length; i++) {
            for (int k = 0; k < s.length(); k++) {
                if (b[i + k] != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte c) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
