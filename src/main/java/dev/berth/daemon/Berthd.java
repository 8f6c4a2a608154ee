package dev.berth.daemon;

import dev.berth.errors.BerthException;
import dev.berth.system.SystemService;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code berthd}: the daemon's command line. */
public final class Berthd {

    private Berthd() {
    }

    public static void main(String[] argv) throws InterruptedException {
        DaemonArgs args = DaemonArgs.parse(List.of(argv));
        if (args.error() != null) {
            System.err.println(args.error());
            System.err.print(DaemonArgs.USAGE);
            System.exit(2);
        }
        if (args.help()) {
            System.out.print(DaemonArgs.USAGE);
            return;
        }
        if (args.version()) {
            System.out.println("berthd " + SystemService.BERTH_VERSION);
            return;
        }
        DaemonConfig config;
        try {
            Logging.configure(args.logLevel());
            config = new DaemonConfig(args.dataRoot(), DaemonConfig.parseHost(args.host()), args.execRoot(),
                    args.logLevel(), args.pluginDir());
        } catch (IllegalArgumentException | BerthException e) {
            System.err.println("berthd: " + e.getMessage());
            System.exit(2);
            return;
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (BerthException e) {
            // The root in use by another daemon, a directory it cannot make: one line, no stack trace.
            System.err.println("berthd: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "berth-shutdown"));
        stopped.await();
    }
}
