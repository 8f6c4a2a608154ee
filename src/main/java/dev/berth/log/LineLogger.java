package dev.berth.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.Serial;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** One logger: writes each enabled event as one line (and a stack trace) to standard error. Thread-safe. */
final class LineLogger extends LegacyAbstractLogger {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String shortName;
    private final boolean netty;

    LineLogger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.netty = LineLogs.isNetty(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return LineLogs.enabled(netty, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return LineLogs.enabled(netty, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return LineLogs.enabled(netty, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return LineLogs.enabled(netty, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return LineLogs.enabled(netty, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable thrown) {
        // One print per event: PrintStream locks per call, so lines of concurrent events never interleave.
        System.err.print(line(System.currentTimeMillis(), level, shortName,
                MessageFormatter.basicArrayFormat(pattern, args), thrown));
    }

    /** {@code <time> <LEVEL> <shortName> - <message>\n}, then the throwable's stack trace if any. */
    static String line(long epochMillis, Level level, String shortName, String message, Throwable thrown) {
        StringBuilder b = new StringBuilder(64 + (message == null ? 4 : message.length()));
        appendTime(b, epochMillis);
        b.append(' ').append(level).append(' ').append(shortName).append(" - ").append(message).append('\n');
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            b.append(trace);
        }
        return b.toString();
    }

    /** RFC 3339 in UTC with milliseconds: {@code 2026-11-27T13:15:42.167Z}. No formatter, no locale data. */
    static void appendTime(StringBuilder b, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, (int) Math.floorMod(epochMillis, 1000L), 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
