package dev.berth.api.wire;

import dev.berth.volume.Volume;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Encodes volumes into a growing byte array, byte for byte what {@link VolumeWire#volume} writes, at list speed:
 * printable ASCII strings (names, paths, drivers: nearly everything) are copied as they are, and anything else,
 * maps included, goes through {@link VolumeWire}'s Go-exact encoder. The encoded label and option maps are
 * remembered by identity (the service shares equal maps between volumes, so a list of 100,000 volumes encodes a
 * handful of maps) and the formatted creation times by second (volumes made in one burst share a few). Not
 * thread-safe; one writer per response.
 */
public final class VolumeBytes {

    private static final byte[] CREATED_AT = ascii("{\"CreatedAt\":\"");
    private static final byte[] DRIVER = ascii("\",\"Driver\":");
    private static final byte[] LABELS = ascii(",\"Labels\":");
    private static final byte[] MOUNTPOINT = ascii(",\"Mountpoint\":");
    private static final byte[] NAME = ascii(",\"Name\":");
    private static final byte[] OPTIONS = ascii(",\"Options\":");
    private static final byte[] SCOPE = ascii(",\"Scope\":");
    private static final byte[] NULL = ascii("null");
    /** Distinct maps remembered per writer (by identity, replaced round robin). */
    private static final int MAPS = 16;
    /** Creation times remembered per writer; a power of two. */
    private static final int CREATED_TIMES = 256;

    private byte[] buf;
    private int pos;
    /** Scratch for {@link #string}: the characters of the string being written. */
    private char[] chars = new char[128];

    /** Creation times formatted so far, by second (direct-mapped): volumes made in one burst share a few. */
    private final long[] createdKeys = new long[CREATED_TIMES];
    private final byte[][] createdTexts = new byte[CREATED_TIMES][];
    private final Object[] mapKeys = new Object[MAPS];
    private final byte[][] mapBytes = new byte[MAPS][];
    private int nextMap;

    public VolumeBytes(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /** The encoded volume on its own (for inspect and create answers). */
    public static byte[] of(Volume v) {
        VolumeBytes w = new VolumeBytes(256);
        w.volume(v);
        return w.toArray();
    }

    /** Appends {@code v}'s JSON object. */
    public void volume(Volume v) {
        if (v.status() != null || v.usage() != null) {
            raw(VolumeWire.volume(v));
            return;
        }
        raw(CREATED_AT);
        raw(createdAt(v.createdAtSeconds()));
        raw(DRIVER);
        string(v.driver());
        raw(LABELS);
        map(v.labels());
        raw(MOUNTPOINT);
        string(v.mountpoint());
        raw(NAME);
        string(v.name());
        raw(OPTIONS);
        map(v.options());
        raw(SCOPE);
        string(v.scope());
        raw((byte) '}');
    }

    public void raw(byte[] b) {
        raw(b, 0, b.length);
    }

    public void raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    public void raw(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** The array holding bytes {@code [0, size())}; valid until the next write. */
    public byte[] array() {
        return buf;
    }

    /** Forgets what was written (keeps the remembered maps and the capacity). */
    public void reset() {
        pos = 0;
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void string(String s) {
        if (s == null) {
            raw(NULL);
            return;
        }
        int n = s.length();
        ensure(n + 2);
        // One bulk copy out of the string, then a plain array loop: under the client compiler a charAt per
        // character made this 120 ns for a 49-character mountpoint, this 83 ns (the largest share of a list's CPU).
        char[] cs = chars.length >= n ? chars : (chars = new char[Math.max(n, 2 * chars.length)]);
        s.getChars(0, n, cs, 0);
        int start = pos;
        byte[] b = buf;
        int p = start;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x20 || c > 0x7f || c == '"' || c == '\\') {
                // Escapes, non-ASCII text, lone surrogates: Go's rules live in the generator's escapes.
                pos = start;
                raw(VolumeWire.write(g -> g.writeString(s)));
                return;
            }
            b[p++] = (byte) c;
        }
        b[p++] = '"';
        pos = p;
    }

    private void map(Map<String, String> m) {
        if (m == null) {
            raw(NULL);
            return;
        }
        for (int i = 0; i < MAPS; i++) {
            if (mapKeys[i] == m) {
                raw(mapBytes[i]);
                return;
            }
        }
        byte[] encoded = VolumeWire.write(g -> VolumeWire.writeMapValue(g, m));
        mapKeys[nextMap] = m;
        mapBytes[nextMap] = encoded;
        nextMap = (nextMap + 1) % MAPS;
        raw(encoded);
    }

    private byte[] createdAt(long seconds) {
        int slot = (int) seconds & (CREATED_TIMES - 1);
        byte[] text = createdTexts[slot];
        if (text == null || createdKeys[slot] != seconds) {
            text = ascii(Rfc3339.seconds(seconds));
            createdTexts[slot] = text;
            createdKeys[slot] = seconds;
        }
        return text;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
