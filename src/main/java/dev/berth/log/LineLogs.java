package dev.berth.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The slf4j provider (found through {@code META-INF/services}) and the levels: {@link #setLevel} sets berth's level;
 * Netty's own loggers ({@code io.netty.*}) stay at INFO unless berth's level is stricter. INFO until set.
 * Thread-safe.
 */
public final class LineLogs implements SLF4JServiceProvider {

    private static final String NETTY = "io.netty.";

    private static volatile Level level = Level.INFO;
    private static volatile Level nettyLevel = Level.INFO;

    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    /** Sets the level of every logger, from now on (loggers made before included). */
    public static void setLevel(Level l) {
        level = l;
        nettyLevel = l.toInt() > Level.INFO.toInt() ? l : Level.INFO;
    }

    /** Whether a logger named {@code name} belongs to Netty, whose threshold is {@link #nettyLevel}. */
    static boolean isNetty(String name) {
        return name.startsWith(NETTY);
    }

    /** Whether a logger ({@code netty}: one of Netty's) writes events of level {@code l}. */
    static boolean enabled(boolean netty, Level l) {
        return l.toInt() >= (netty ? nettyLevel : level).toInt();
    }

    @Override
    public void initialize() {
        ConcurrentHashMap<String, LineLogger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, LineLogger::new);
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
