package dev.berth.volume.driver;

/** Reads the port of a CIFS device URL such as {@code //host:445/share}, as Go's url.Parse would. */
final class CifsUrl {

    private CifsUrl() {
    }

    static boolean hasPort(String device) {
        String rest = device;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 1);
        }
        if (!rest.startsWith("//")) {
            return false;
        }
        String authority = rest.substring(2);
        int slash = authority.indexOf('/');
        if (slash >= 0) {
            authority = authority.substring(0, slash);
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close >= 0 && authority.length() > close + 2 && authority.charAt(close + 1) == ':';
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 && colon < authority.length() - 1;
    }
}
