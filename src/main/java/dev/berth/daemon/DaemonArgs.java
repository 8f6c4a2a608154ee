package dev.berth.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's command line: {@code --data-root DIR}, {@code -H|--host unix:///path.sock}, {@code --exec-root DIR},
 * {@code -l|--log-level LEVEL}, {@code --plugin-dir DIR}, {@code -h|--help}, {@code -V|--version}; values as the next argument or after
 * {@code =}. Parsed by hand: a command-line library costs the daemon ≈0.3 s of class loading at every start.
 *
 * @param error what was wrong with the arguments, or null
 */
record DaemonArgs(Path dataRoot, String host, Path execRoot, String logLevel, Path pluginDir, boolean help,
                  boolean version, String error) {

    static final String USAGE = """
            Usage: berthd [-hV] [--data-root=DIR] [-H=unix:///path.sock] [--exec-root=DIR] [-l=LEVEL]
                          [--plugin-dir=DIR]
            berth engine daemon: serves the Docker Engine API on a unix socket.
                  --data-root=DIR   Persistent state directory (default: %s).
                  --exec-root=DIR   Runtime state directory (default: %s).
              -H, --host=URL        Socket to listen on, unix:///path (default: unix://%s).
              -l, --log-level=LEVEL error, warn, info, debug, trace (default: info).
                  --plugin-dir=DIR  Volume plugins' sockets and spec files (default: Docker's
                                    /run/docker/plugins, /etc/docker/plugins, /usr/lib/docker/plugins).
              -h, --help            Show this help message and exit.
              -V, --version         Print version information and exit.
            """.formatted(DaemonConfig.DEFAULT_DATA_ROOT, DaemonConfig.DEFAULT_EXEC_ROOT, DaemonConfig.DEFAULT_SOCKET);

    static DaemonArgs parse(List<String> args) {
        Path dataRoot = DaemonConfig.DEFAULT_DATA_ROOT;
        String host = "unix://" + DaemonConfig.DEFAULT_SOCKET;
        Path execRoot = DaemonConfig.DEFAULT_EXEC_ROOT;
        String logLevel = "info";
        Path pluginDir = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "-V", "--version" -> version = true;
                case "--data-root", "--exec-root", "-H", "--host", "-l", "--log-level", "--plugin-dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            return failure("Missing required parameter for option '" + name + "'");
                        }
                        value = args.get(++i);
                    }
                    if (value.isEmpty()) {
                        return failure("Empty value for option '" + name + "'");
                    }
                    switch (name) {
                        case "--data-root" -> dataRoot = Path.of(value);
                        case "--exec-root" -> execRoot = Path.of(value);
                        case "-H", "--host" -> host = value;
                        case "--plugin-dir" -> pluginDir = Path.of(value);
                        default -> logLevel = value;
                    }
                }
                default -> {
                    return failure(arg.startsWith("-") ? "Unknown option: '" + arg + "'"
                            : "Unmatched argument: '" + arg + "'");
                }
            }
        }
        return new DaemonArgs(dataRoot, host, execRoot, logLevel, pluginDir, help, version, null);
    }

    private static DaemonArgs failure(String error) {
        return new DaemonArgs(null, null, null, null, null, false, false, error);
    }
}
