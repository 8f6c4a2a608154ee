package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code berth}: berth's own command-line client; talks to the daemon over its socket. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Client for the berth engine (and any Docker Engine API socket).",
        subcommands = {VolumeCommand.class, VersionCommand.class, InfoCommand.class})
public final class BerthCli {

    @Option(names = {"-H", "--host"}, description = "Daemon socket, unix:///path (default: $BERTH_HOST, $DOCKER_HOST, "
            + "unix:///run/berth/berth.sock).", scope = CommandLine.ScopeType.INHERIT)
    String host;

    Path socket() {
        // The first one set; an empty variable counts as unset, as docker treats an empty DOCKER_HOST.
        for (String h : new String[] {host, System.getenv("BERTH_HOST"), System.getenv("DOCKER_HOST")}) {
            if (h != null && !h.isEmpty()) {
                return ApiClient.socketOf(h);
            }
        }
        return ApiClient.socketOf("unix:///run/berth/berth.sock");
    }

    ApiClient client() {
        return new ApiClient(socket(), "1.50");
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BerthCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (isUnreachable(ex)) {
                BerthCli root = cmd.getCommandSpec().root().userObject() instanceof BerthCli b ? b : null;
                cmd.getErr().println(unreachable(root == null ? "?" : root.socket().toString()));
                return 1;
            }
            cmd.getErr().println(ex instanceof CliException ? ex.getMessage() : "error: " + ex.getMessage());
            return ex instanceof CliException ce ? ce.exitCode : 1;
        });
        cl.setParameterExceptionHandler(BerthCli::parseError);
        addHelp(cl);
        System.exit(cl.execute(args));
    }

    /** The message for a daemon that cannot be reached on its socket. */
    static String unreachable(String socket) {
        return "Cannot connect to the berth daemon at unix://" + socket + ". Is the daemon running?";
    }

    /** Whether an exception means the daemon could not be reached. */
    static boolean isUnreachable(Exception ex) {
        return ex instanceof dev.berth.http.HttpConnection.ConnectException
                || ex instanceof java.net.SocketException || ex instanceof java.nio.file.NoSuchFileException;
    }

    /** {@code --help} on every command, as docker's usage errors point to it. */
    private static void addHelp(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().findOption("--help") == null) {
                sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Print usage").build());
            }
            addHelp(sub);
        }
    }

    /**
     * A command line picocli cannot parse, reported as docker does: a bad flag exits 125 ({@code unknown flag: --x},
     * {@code flag needs an argument: 'f' in -f}), a wrong number of arguments or an unknown command 1, each with the
     * command's synopsis.
     */
    static int parseError(CommandLine.ParameterException ex, String[] args) {
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String name = spec.qualifiedName();
        CliException e;
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().getFirst();
            if (arg.startsWith("--")) {
                e = usageError(spec, "unknown flag: " + arg.split("=", 2)[0], 125, "Run");
            } else if (arg.startsWith("-") && arg.length() > 1) {
                e = usageError(spec, "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg, 125, "Run");
            } else if (!spec.subcommands().isEmpty()) {
                e = usageError(spec, "berth: unknown command: " + name + " " + arg, 1, "Run");
            } else if (spec.positionalParameters().isEmpty()) {
                e = usageError(spec, "berth: '" + name + "' accepts no arguments", 1, "Run");
            } else {
                int max = spec.positionalParameters().getFirst().arity().max();
                e = usageError(spec, "berth: '" + name + "' requires at most " + max + " argument"
                        + (max == 1 ? "" : "s"), 1, "Run");
            }
        } else if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            if (m.getMissing().getFirst() instanceof CommandLine.Model.OptionSpec o) {
                String typed = args.length > 0 && List.of(o.names()).contains(args[args.length - 1])
                        ? args[args.length - 1] : o.longestName();
                e = usageError(spec, "flag needs an argument: " + (typed.startsWith("--") ? typed
                        : "'" + typed.substring(1) + "' in " + typed), 125, "Run");
            } else {
                int min = m.getMissing().getFirst().arity().min();
                e = usageError(spec, "berth: '" + name + "' requires at least " + min + " argument"
                        + (min == 1 ? "" : "s"), 1, "See");
            }
        } else {
            e = usageError(spec, ex.getMessage(), 125, "Run");
        }
        ex.getCommandLine().getErr().println(e.getMessage());
        return e.exitCode;
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
