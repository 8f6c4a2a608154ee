package dev.berth.api.wire;

import dev.berth.image.Progress;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Encodes image progress as Docker's JSON message stream ({@code jsonmessage.JSONMessage}, one object per
 * {@code \r\n}-terminated line, fields in Go's order): {@code {"status","id"}}, progress bars with
 * {@code progressDetail} and the rendered {@code progress} text, {@code {"stream"}} lines, and in-band errors as
 * {@code {"errorDetail":{"message"},"error"}}. Stateless and thread-safe.
 */
public final class ImageMessages {

    private static final byte[] NEWLINE = {'\r', '\n'};
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    /** Docker renders bars for a terminal it does not have, which it assumes 200 columns wide. */
    private static final int BAR_WIDTH = 50;

    private ImageMessages() {
    }

    /** One progress event as a message line. */
    public static byte[] encode(Progress p) {
        return line(ImageJson.write(true, g -> {
            g.writeStartObject();
            switch (p) {
                case Progress.Status s -> {
                    if (!s.status().isEmpty()) {
                        g.writeStringField("status", s.status());
                    }
                    if (s.id() != null && !s.id().isEmpty()) {
                        g.writeStringField("id", s.id());
                    }
                }
                case Progress.Bar b -> {
                    if (!b.action().isEmpty()) {
                        g.writeStringField("status", b.action());
                    }
                    g.writeObjectFieldStart("progressDetail");
                    if (b.current() != 0) {
                        g.writeNumberField("current", b.current());
                    }
                    if (b.total() != 0) {
                        g.writeNumberField("total", b.total());
                    }
                    g.writeEndObject();
                    String bar = bar(b.current(), b.total());
                    if (!bar.isEmpty()) {
                        g.writeStringField("progress", bar);
                    }
                    if (b.id() != null && !b.id().isEmpty()) {
                        g.writeStringField("id", b.id());
                    }
                }
                case Progress.Line l -> g.writeStringField("stream", l.text());
            }
            g.writeEndObject();
        }));
    }

    /** An error reported after the stream started, as {@code streamformatter.FormatError} writes it. */
    public static byte[] error(String message) {
        return line(ImageJson.write(true, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("errorDetail");
            if (!message.isEmpty()) {
                g.writeStringField("message", message);
            }
            g.writeEndObject();
            if (!message.isEmpty()) {
                g.writeStringField("error", message);
            }
            g.writeEndObject();
        }));
    }

    /** The text of a progress bar as {@code JSONProgress.String()} renders it: {@code [====>   ]  1.2MB/3.4MB}. */
    static String bar(long current, long total) {
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return pad(humanSize(current));
        }
        int percentage = (int) ((double) current / (double) total * 100) / 2;
        percentage = Math.min(percentage, BAR_WIDTH);
        String box = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, BAR_WIDTH - percentage)) + "] ";
        String numbers = current > total ? pad(humanSize(current)) : pad(humanSize(current)) + "/" + humanSize(total);
        return box + numbers;
    }

    /** Go's {@code units.HumanSize}: decimal units, four significant digits, trailing zeros dropped. */
    static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(size).round(new MathContext(4, RoundingMode.HALF_EVEN));
        String digits = rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
        return digits + UNITS[unit];
    }

    /** Go's {@code %8v}: right-aligned in eight columns. */
    private static String pad(String s) {
        return s.length() >= 8 ? s : " ".repeat(8 - s.length()) + s;
    }

    private static byte[] line(byte[] json) {
        byte[] out = new byte[json.length + NEWLINE.length];
        System.arraycopy(json, 0, out, 0, json.length);
        System.arraycopy(NEWLINE, 0, out, json.length, NEWLINE.length);
        return out;
    }
}
