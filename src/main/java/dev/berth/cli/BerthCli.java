package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code berth}: berth's own command-line client; talks to the daemon over its socket. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Client for the berth engine (and any Docker Engine API socket).",
        subcommands = {VolumeCommand.class, VersionCommand.class, InfoCommand.class})
public final class BerthCli {

    @Option(names = {"-H", "--host"}, description = "Daemon socket, unix:///path (default: $BERTH_HOST, $DOCKER_HOST, "
            + "unix:///run/berth/berth.sock).", scope = CommandLine.ScopeType.INHERIT)
    String host;

    Path socket() {
        // An empty variable counts as unset, as docker treats an empty DOCKER_HOST.
        String h = host;
        if (h == null || h.isEmpty()) {
            h = System.getenv("BERTH_HOST");
        }
        if (h == null || h.isEmpty()) {
            h = System.getenv("DOCKER_HOST");
        }
        if (h == null || h.isEmpty()) {
            h = "unix:///run/berth/berth.sock";
        }
        return ApiClient.socketOf(h);
    }

    ApiClient client() {
        return new ApiClient(socket(), "1.50");
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BerthCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof java.net.SocketException || ex instanceof java.nio.file.NoSuchFileException
                    || ex instanceof java.net.ConnectException) {
                BerthCli root = cmd.getCommandSpec().root().userObject() instanceof BerthCli b ? b : null;
                cmd.getErr().println("Cannot connect to the berth daemon at unix://"
                        + (root == null ? "?" : root.socket()) + ". Is the daemon running?");
                return 1;
            }
            cmd.getErr().println(ex instanceof CliException ? ex.getMessage() : "error: " + ex.getMessage());
            return ex instanceof CliException ce ? ce.exitCode : 1;
        });
        System.exit(cl.execute(args));
    }

    /** A failure to report as one line, with the exit code docker uses (1). */
    static final class CliException extends RuntimeException {
        final int exitCode;

        CliException(String message) {
            this(message, 1);
        }

        CliException(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /**
     * A usage error as docker prints it: the message, the command's synopsis and where to read more. A bad flag or
     * flag value exits 125, a wrong number of arguments 1.
     */
    static CliException usageError(CommandLine.Model.CommandSpec spec, String message, int exitCode, String see) {
        String[] synopsis = spec.usageMessage().customSynopsis();
        String usage = synopsis.length > 0 ? synopsis[0] : spec.qualifiedName();
        return new CliException(message + "\n\nUsage:  " + usage + "\n\n" + see + " '" + spec.qualifiedName()
                + " --help' for more information", exitCode);
    }

    /** An invalid value of a flag: {@code invalid argument "v" for "-f, --filter" flag: ...}, exit 125. */
    static CliException flagError(CommandLine.Model.CommandSpec spec, String value, String flag, String problem) {
        return usageError(spec, "invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + problem, 125, "Run");
    }

    /** Throws the daemon's error message like docker prints it. */
    static void check(ApiClient.Response r) {
        if (r.status() >= 400) {
            String msg = r.text();
            try {
                var node = dev.berth.json.Json.MAPPER.readTree(r.body());
                if (node.has("message")) {
                    msg = node.get("message").asText();
                }
            } catch (java.io.IOException ignored) {
                // not JSON: print as is
            }
            throw new CliException("Error response from daemon: " + msg);
        }
    }
}
