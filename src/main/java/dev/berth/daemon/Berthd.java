package dev.berth.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code berthd}: the daemon's command line. */
@Command(name = "berthd", mixinStandardHelpOptions = true, version = "berthd 0.1.0",
        description = "berth engine daemon: serves the Docker Engine API on a unix socket.")
public final class Berthd implements Callable<Integer> {

    @Option(names = "--data-root", description = "Persistent state directory (default: ${DEFAULT-VALUE}).")
    Path dataRoot = DaemonConfig.DEFAULT_DATA_ROOT;

    @Option(names = {"-H", "--host"}, description = "Socket to listen on, unix:///path (default: unix://${DEFAULT-VALUE}).")
    String host = DaemonConfig.DEFAULT_SOCKET.toString();

    @Option(names = "--exec-root", description = "Runtime state directory (default: ${DEFAULT-VALUE}).")
    Path execRoot = DaemonConfig.DEFAULT_EXEC_ROOT;

    @Option(names = {"-l", "--log-level"}, description = "error, warn, info, debug, trace (default: ${DEFAULT-VALUE}).")
    String logLevel = "info";

    public static void main(String[] args) {
        int code = new CommandLine(new Berthd()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        DaemonConfig config = new DaemonConfig(dataRoot, DaemonConfig.parseHost(host), execRoot, logLevel);
        Daemon daemon = Daemon.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "berth-shutdown"));
        stopped.await();
        return 0;
    }
}
