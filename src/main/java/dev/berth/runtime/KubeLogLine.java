package dev.berth.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * One line of conmon's k8s-file log: {@code <RFC3339Nano timestamp> <stdout|stderr> <F|P> <content>}, where P
 * marks a fragment continued by the stream's next line and F the fragment that ends a line (conmon strips the
 * newline). Immutable and thread-safe.
 */
record KubeLogLine(Instant timestamp, StdStream stream, boolean partial, byte[] content) {

    /** Parses one line (without its newline), or returns null when it is not in the format. */
    static KubeLogLine parse(byte[] line, int off, int len) {
        int end = off + len;
        int s1 = indexOf(line, off, end, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(line, s1 + 1, end, (byte) ' ');
        if (s2 < 0 || s2 + 2 > end) {
            return null;
        }
        StdStream stream = stream(line, s1 + 1, s2);
        byte flag = line[s2 + 1];
        if (stream == null || flag != 'F' && flag != 'P') {
            return null;
        }
        Instant ts;
        try {
            ts = OffsetDateTime.parse(new String(line, off, s1 - off, StandardCharsets.US_ASCII),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        int contentStart = Math.min(s2 + 3, end);
        return new KubeLogLine(ts, stream, flag == 'P', Arrays.copyOfRange(line, contentStart, end));
    }

    /** Just the stream and flag, for the backward tail scan; null when the line is not in the format. */
    static KubeLogLine header(byte[] line, int off, int len) {
        int end = off + len;
        int s1 = indexOf(line, off, end, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(line, s1 + 1, end, (byte) ' ');
        if (s2 < 0 || s2 + 2 > end) {
            return null;
        }
        StdStream stream = stream(line, s1 + 1, s2);
        byte flag = line[s2 + 1];
        return stream == null ? null : new KubeLogLine(Instant.EPOCH, stream, flag == 'P', new byte[0]);
    }

    private static StdStream stream(byte[] b, int from, int to) {
        if (matches(b, from, to, "stdout")) {
            return StdStream.STDOUT;
        }
        return matches(b, from, to, "stderr") ? StdStream.STDERR : null;
    }

    private static boolean matches(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
