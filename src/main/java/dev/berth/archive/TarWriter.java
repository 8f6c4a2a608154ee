package dev.berth.archive;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small streaming tar writer (ustar headers, PAX records when a field does not fit) written for berth because
 * extended attribute values are binary and must reach the archive byte for byte, which commons-compress's
 * string-valued PAX API cannot do. Not thread-safe.
 */
public final class TarWriter implements Closeable {

    public static final byte REG = '0';
    public static final byte LINK = '1';
    public static final byte SYMLINK = '2';
    public static final byte CHAR = '3';
    public static final byte BLOCK = '4';
    public static final byte DIR = '5';
    public static final byte FIFO = '6';

    /**
     * The entry type for a file of type {@code fileType} (the {@code S_IFMT} bits of its mode): directory, regular
     * file, symlink, character or block device, FIFO; 0 for what a tar cannot hold (a socket).
     */
    public static byte typeOf(int fileType) {
        return switch (fileType) {
            case 0040000 -> DIR;
            case 0100000 -> REG;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHAR;
            case 0060000 -> BLOCK;
            case 0010000 -> FIFO;
            default -> 0;
        };
    }

    private static final int RECORD = 512;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    /** One entry's header; {@code xattrs} values are raw bytes. Immutable once built. */
    public record Header(String name, byte type, int mode, long uid, long gid, long size, long mtime, String linkName,
                  int devMajor, int devMinor, Map<String, byte[]> xattrs) {
        public Header {
            xattrs = xattrs == null ? Map.of() : xattrs;
            linkName = linkName == null ? "" : linkName;
        }
    }

    private final OutputStream out;
    private long remaining;
    private long entrySize;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public void writeHeader(Header h) throws IOException {
        if (remaining != 0) {
            throw new IllegalStateException("previous entry is missing " + remaining + " bytes");
        }
        Map<String, byte[]> pax = new LinkedHashMap<>();
        String name = h.name();
        String prefix = "";
        if (!fits(name, 100)) {
            int split = ustarSplit(name);
            if (split > 0) {
                prefix = name.substring(0, split);
                name = name.substring(split + 1);
            } else {
                pax.put("path", utf8(h.name()));
                name = truncate(h.name(), 100);
            }
        }
        String link = h.linkName();
        if (!fits(link, 100)) {
            pax.put("linkpath", utf8(link));
            link = truncate(link, 100);
        }
        if (h.uid() > MAX_OCTAL_7 || h.uid() < 0) {
            pax.put("uid", utf8(Long.toString(h.uid())));
        }
        if (h.gid() > MAX_OCTAL_7 || h.gid() < 0) {
            pax.put("gid", utf8(Long.toString(h.gid())));
        }
        if (h.size() > MAX_OCTAL_11) {
            pax.put("size", utf8(Long.toString(h.size())));
        }
        if (h.mtime() > MAX_OCTAL_11 || h.mtime() < 0) {
            pax.put("mtime", utf8(Long.toString(h.mtime())));
        }
        h.xattrs().forEach((k, v) -> pax.put("SCHILY.xattr." + k, v));
        if (!pax.isEmpty()) {
            byte[] body = paxBody(pax);
            String paxName = truncate("PaxHeaders.0/" + baseName(h.name()), 100);
            out.write(header(paxName, "", (byte) 'x', 0644, 0, 0, body.length, h.mtime() < 0 ? 0 : Math.min(h.mtime(),
                    MAX_OCTAL_11), "", 0, 0));
            out.write(body);
            pad(body.length);
        }
        out.write(header(name, prefix, h.type(), h.mode(), Math.min(Math.max(h.uid(), 0), MAX_OCTAL_7),
                Math.min(Math.max(h.gid(), 0), MAX_OCTAL_7), h.size() > MAX_OCTAL_11 ? 0 : h.size(),
                Math.min(Math.max(h.mtime(), 0), MAX_OCTAL_11), link, h.devMajor(), h.devMinor()));
        remaining = h.size();
        entrySize = h.size();
    }

    public void write(byte[] b, int off, int len) throws IOException {
        if (len > remaining) {
            throw new IOException("entry content longer than its header says");
        }
        out.write(b, off, len);
        remaining -= len;
        if (remaining == 0) {
            pad(entrySize);
        }
    }

    /** Writes a header and exactly {@code h.size()} bytes from {@code content}. */
    public void writeEntry(Header h, InputStream content) throws IOException {
        writeHeader(h);
        if (h.size() == 0) {
            return;
        }
        byte[] buf = new byte[64 * 1024];
        while (remaining > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new EOFException("file shrank while it was archived: " + h.name());
            }
            write(buf, 0, n);
        }
    }

    /** Writes the end-of-archive marker (two zero records). */
    public void finish() throws IOException {
        if (!finished) {
            out.write(new byte[RECORD * 2]);
            out.flush();
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    private void pad(long size) throws IOException {
        int padding = (int) ((RECORD - size % RECORD) % RECORD);
        if (padding > 0) {
            out.write(new byte[padding]);
        }
    }

    private static byte[] header(String name, String prefix, byte type, int mode, long uid, long gid, long size,
                                 long mtime, String link, int major, int minor) {
        byte[] h = new byte[RECORD];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode & 0177777); // permissions, and the file type bits where a caller gives them (Go does)
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        if (type == CHAR || type == BLOCK) {
            octal(h, 329, 8, major);
            octal(h, 337, 8, minor);
        }
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String s = String.format("%06o", sum);
        put(h, 148, 6, s);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        put(h, off, len - 1, padded);
    }

    private static boolean fits(String s, int max) {
        return s.length() <= max && s.chars().allMatch(c -> c < 0x80) && s.indexOf(0) < 0;
    }

    private static int ustarSplit(String name) {
        if (!fits(name, 256)) {
            return -1;
        }
        for (int i = Math.min(name.length() - 1, 155); i > 0; i--) {
            if (name.charAt(i) == '/' && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }

    private static String truncate(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return s;
        }
        return new String(b, 0, max, StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "_");
    }

    private static String baseName(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = n.lastIndexOf('/');
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** PAX records {@code "<len> <key>=<value>\n"}, where len counts the whole record including its own digits. */
    private static byte[] paxBody(Map<String, byte[]> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = utf8(key);
            int base = 1 + k.length + 1 + value.length + 1;
            int len = base + Integer.toString(base).length();
            if (Integer.toString(len).length() != Integer.toString(base).length()) {
                len = base + Integer.toString(len).length();
            }
            body.writeBytes(utf8(Integer.toString(len)));
            body.write(' ');
            body.writeBytes(k);
            body.write('=');
            body.writeBytes(value);
            body.write('\n');
        });
        return body.toByteArray();
    }
}
