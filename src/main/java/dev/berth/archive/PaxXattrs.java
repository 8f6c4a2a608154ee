package dev.berth.archive;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extended attributes of one tar entry, read from the raw PAX records that precede its header, byte-exact:
 * {@code SCHILY.xattr.<name>=<raw bytes>} (GNU tar, Go, Docker) and {@code LIBARCHIVE.xattr.<url-encoded name>=
 * <base64>} (bsdtar). Stateless and thread-safe.
 */
public final class PaxXattrs {

    private static final int BLOCK = 512;
    private static final byte[] SCHILY = "SCHILY.xattr.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIBARCHIVE = "LIBARCHIVE.xattr.".getBytes(StandardCharsets.US_ASCII);

    private PaxXattrs() {
    }

    /**
     * Parses the header segment {@code data[0..length)} that starts at absolute stream offset {@code start}; the
     * first header begins at the next 512-byte boundary (what precedes it is the previous entry's padding).
     */
    public static Map<String, byte[]> parse(byte[] data, int length, long start) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int p = (int) ((BLOCK - start % BLOCK) % BLOCK);
        while (p + BLOCK <= length) {
            byte type = data[p + 156];
            if (type != 'x' && type != 'g' && type != 'L' && type != 'K') {
                break;
            }
            long size = octal(data, p + 124, 12);
            int body = p + BLOCK;
            if (size < 0 || body + size > length) {
                break;
            }
            if (type == 'x') {
                records(data, body, (int) size, out);
            }
            p = body + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
        return out;
    }

    private static void records(byte[] data, int off, int size, Map<String, byte[]> out) {
        int end = off + size;
        int p = off;
        while (p < end) {
            int space = p;
            int len = 0;
            while (space < end && data[space] >= '0' && data[space] <= '9') {
                len = len * 10 + (data[space] - '0');
                space++;
            }
            if (space >= end || data[space] != ' ' || len <= 0 || p + len > end) {
                return;
            }
            int keyStart = space + 1;
            int eq = keyStart;
            while (eq < p + len && data[eq] != '=') {
                eq++;
            }
            int valueEnd = p + len - 1;
            if (eq >= valueEnd + 1 || data[valueEnd] != '\n') {
                return;
            }
            byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, valueEnd);
            if (startsWith(data, keyStart, eq, SCHILY)) {
                out.put(new String(data, keyStart + SCHILY.length, eq - keyStart - SCHILY.length,
                        StandardCharsets.UTF_8), value);
            } else if (startsWith(data, keyStart, eq, LIBARCHIVE)) {
                String name = new String(data, keyStart + LIBARCHIVE.length, eq - keyStart - LIBARCHIVE.length,
                        StandardCharsets.UTF_8);
                try {
                    out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), Base64.getDecoder()
                            .decode(new String(value, StandardCharsets.US_ASCII).strip()));
                } catch (IllegalArgumentException e) {
                    // A malformed libarchive record is skipped, as bsdtar does.
                }
            }
            p += len;
        }
    }

    private static boolean startsWith(byte[] data, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long octal(byte[] data, int off, int len) {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (data[i] == ' ' || data[i] == 0)) {
            i++;
        }
        for (; i < end && data[i] >= '0' && data[i] <= '7'; i++) {
            v = v * 8 + (data[i] - '0');
        }
        return i == off ? -1 : v;
    }
}
