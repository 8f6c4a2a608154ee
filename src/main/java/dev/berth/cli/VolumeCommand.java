package dev.berth.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gotext.template.Template;
import dev.berth.gotext.template.TemplateException;
import dev.berth.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code berth volume ...}: the {@code docker volume} commands with docker's flags and output. */
@Command(name = "volume", description = "Manage volumes.", customSynopsis = "berth volume COMMAND",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class, VolumeCommand.Inspect.class,
                VolumeCommand.Rm.class, VolumeCommand.Prune.class, VolumeArchiveCommands.Export.class,
                VolumeArchiveCommands.Import.class, VolumeArchiveCommands.Clone.class})
final class VolumeCommand implements Callable<Integer> {

    @ParentCommand
    BerthCli root;

    @Spec
    CommandSpec spec;

    /** Bare {@code berth volume}: the commands, on stderr, exit 0, as docker. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getErr();
        out.print("""
                Usage:  berth volume COMMAND

                Manage volumes

                Commands:
                  create      Create a volume
                  inspect     Display detailed information on one or more volumes
                  ls          List volumes
                  prune       Remove unused local volumes
                  rm          Remove one or more volumes

                berth's own:
                  clone       Create a volume with another's driver, options, labels and content
                  export      Write a volume's content to a tar archive
                  import      Merge a tar archive into an existing volume

                Run 'berth volume COMMAND --help' for more information on a command.
                """);
        out.flush();
        return 0;
    }

    /** The docker client's own check of a name before any request. */
    static final String EMPTY_NAME = "invalid volume name or ID: value is empty";

    /** {@code -o k=v} as docker reads it: the text up to the first '=' is the key; without one the value is empty. */
    static Map<String, String> options(List<String> items) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : items) {
            int eq = kv.indexOf('=');
            m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return m;
    }

    /** {@code --label k=v} as docker reads it: as {@link #options}, but a label needs a name. */
    static Map<String, String> labels(List<String> items, CommandSpec spec) {
        for (String kv : items) {
            int eq = kv.indexOf('=');
            if ((eq < 0 ? kv : kv.substring(0, eq)).isEmpty()) {
                throw BerthCli.flagError(spec, kv, "--label", "invalid label '" + kv + "': empty name");
            }
        }
        return options(items);
    }

    /** A filter's name as docker reads it: trimmed and in lower case. */
    static String filterName(String f) {
        int eq = f.indexOf('=');
        return (eq < 0 ? f : f.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Docker's check of each {@code name=value} filter as the flag is read: a bad one is a flag error (exit 125). */
    static void checkFilters(List<String> filters, CommandSpec spec, String flag) {
        for (String f : filters) {
            if (f.indexOf('=') < 0) {
                throw BerthCli.flagError(spec, f, flag, "bad format of filter (expected name=value)");
            }
        }
    }

    /** {@code {"k":{"v":true}}}, the encoding the docker CLI sends. */
    static String filtersJson(List<String> filters) {
        Map<String, Map<String, Boolean>> m = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            m.computeIfAbsent(filterName(f), k -> new LinkedHashMap<>()).put(f.substring(eq + 1).trim(), true);
        }
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(JsonNode n) throws java.io.IOException {
        DefaultPrettyPrinter p = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        return Json.MAPPER.writer(new GoStylePrinter(p)).writeValueAsString(n);
    }

    /** Go's MarshalIndent puts no space before the colon, one after. */
    private static final class GoStylePrinter extends DefaultPrettyPrinter {
        GoStylePrinter(DefaultPrettyPrinter base) {
            super(base);
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoStylePrinter(this);
        }

        /** Go's json.Indent writes an empty object as {} (Jackson: { }). */
        @Override
        public void writeEndObject(com.fasterxml.jackson.core.JsonGenerator g, int entries) throws java.io.IOException {
            if (entries > 0) {
                super.writeEndObject(g, entries);
                return;
            }
            if (!_objectIndenter.isInline()) {
                --_nesting;
            }
            g.writeRaw('}');
        }

        /** And an empty array as []. */
        @Override
        public void writeEndArray(com.fasterxml.jackson.core.JsonGenerator g, int values) throws java.io.IOException {
            if (values > 0) {
                super.writeEndArray(g, values);
                return;
            }
            if (!_arrayIndenter.isInline()) {
                --_nesting;
            }
            g.writeRaw(']');
        }
    }

    @Command(name = "create", description = "Create a volume.", customSynopsis = "berth volume create [OPTIONS] [VOLUME]")
    static final class Create implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-d", "--driver"}, defaultValue = "local") String driver;
        @Option(names = {"-o", "--opt"}) List<String> opts = new ArrayList<>();
        @Option(names = "--label") List<String> labels = new ArrayList<>();
        @Option(names = "--name", hidden = true) String nameFlag;
        @Parameters(arity = "0..1") String name;

        @Override
        public Integer call() throws Exception {
            Map<String, String> labelMap = labels(labels, spec);
            // docker refuses both, even when they agree.
            if (name != null && nameFlag != null && !nameFlag.isEmpty()) {
                throw new BerthCli.CliException("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("Driver", driver);
            body.set("DriverOpts", Json.MAPPER.valueToTree(options(opts)));
            body.set("Labels", Json.MAPPER.valueToTree(labelMap));
            body.put("Name", name != null ? name : nameFlag == null ? "" : nameFlag);
            try (ApiClient c = parent.root.client()) {
                ApiClient.Response r = c.postJson("/volumes/create", Json.MAPPER.writeValueAsBytes(body));
                BerthCli.check(r);
                spec.commandLine().getOut().println(Json.MAPPER.readTree(r.body()).path("Name").asText());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List volumes.", customSynopsis = "berth volume ls [OPTIONS]")
    static final class Ls implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-q", "--quiet"}) boolean quiet;
        @Option(names = {"-f", "--filter"}) List<String> filters = new ArrayList<>();
        @Option(names = "--format", description = "Format output using a custom template: 'table', 'table TEMPLATE' "
                + "(a header row and aligned columns), 'json', or a Go template") String format;

        @Override
        public Integer call() throws Exception {
            checkFilters(filters, spec, "-f, --filter");
            String q = filters.isEmpty() ? "" : "?filters=" + ApiClient.enc(filtersJson(filters));
            PrintWriter out = spec.commandLine().getOut();
            try (ApiClient c = parent.root.client()) {
                ApiClient.Response r = c.get("/volumes" + q);
                BerthCli.check(r);
                JsonNode root = Json.MAPPER.readTree(r.body());
                List<JsonNode> vols = new ArrayList<>();
                root.path("Volumes").forEach(vols::add);
                vols.sort(java.util.Comparator.comparing(v -> v.path("Name").asText(), NaturalOrder.INSTANCE));
                for (JsonNode w : root.path("Warnings")) {
                    spec.commandLine().getErr().println(w.asText());
                }
                out.print(VolumeFormat.ls(format, quiet, vols));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more volumes.",
            customSynopsis = "berth volume inspect [OPTIONS] VOLUME [VOLUME...]")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-f", "--format"}, description = "Format output using a custom template: 'json' (one line) "
                + "or a Go template; the default is indented JSON") String format;
        @Parameters(arity = "1..*") List<String> names;

        @Override
        public Integer call() throws Exception {
            boolean template = format != null && !format.isEmpty() && !format.equals("json");
            // docker parses the template before any request; a bad one exits 64.
            Template tmpl = template ? DockerTemplates.parseOrExit64("", format, Map.of()) : null;
            ArrayNode found = Json.MAPPER.createArrayNode();
            StringBuilder rendered = new StringBuilder();
            List<String> errors = new ArrayList<>();
            try (ApiClient c = parent.root.client()) {
                for (String n : names) {
                    if (n.isBlank()) {
                        errors.add(EMPTY_NAME);
                        continue;
                    }
                    ApiClient.Response r = c.get("/volumes/" + ApiClient.enc(n));
                    try {
                        BerthCli.check(r);
                    } catch (BerthCli.CliException e) {
                        errors.add(e.getMessage());
                        continue;
                    }
                    JsonNode v = Json.MAPPER.readTree(r.body());
                    if (tmpl == null) {
                        found.add(v);
                        continue;
                    }
                    try {
                        rendered.append(tmpl.execute(VolumeFormat.volumeValue(v))).append('\n');
                    } catch (TemplateException.Exec e) {
                        errors.add("template parsing error: " + e.getMessage());
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (tmpl != null) {
                out.print(rendered.isEmpty() ? "\n" : rendered);
            } else {
                out.println(found.isEmpty() ? "[]" : "json".equals(format) ? Json.MAPPER.writeValueAsString(found)
                        : pretty(found));
            }
            out.flush();
            errors.forEach(e -> spec.commandLine().getErr().println(e));
            return errors.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more volumes.",
            customSynopsis = "berth volume rm [OPTIONS] VOLUME [VOLUME...]")
    static final class Rm implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-f", "--force"}) boolean force;
        @Parameters(arity = "1..*") List<String> names;

        @Override
        public Integer call() throws Exception {
            // Every name as given, a repeated one too (docker's second attempt reports "no such volume"); the
            // errors follow the removed names.
            List<String> errors = new ArrayList<>();
            try (ApiClient c = parent.root.client()) {
                for (String n : names) {
                    if (n.isBlank()) {
                        errors.add(EMPTY_NAME);
                        continue;
                    }
                    ApiClient.Response r = c.delete("/volumes/" + ApiClient.enc(n) + (force ? "?force=1" : ""));
                    try {
                        BerthCli.check(r);
                        spec.commandLine().getOut().println(n);
                    } catch (BerthCli.CliException e) {
                        errors.add(e.getMessage());
                    }
                }
            }
            spec.commandLine().getOut().flush();
            errors.forEach(e -> spec.commandLine().getErr().println(e));
            return errors.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "prune", description = "Remove unused local volumes.", customSynopsis = "berth volume prune [OPTIONS]")
    static final class Prune implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-a", "--all"}) boolean all;
        @Option(names = {"-f", "--force"}) boolean force;
        @Option(names = "--filter") List<String> filters = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            checkFilters(filters, spec, "--filter");
            List<String> f = new ArrayList<>(filters);
            if (all) {
                // The name as docker reads it: "ALL=1" and "all =1" are the all filter too.
                if (f.stream().anyMatch(x -> filterName(x).equals("all"))) {
                    throw new BerthCli.CliException("conflicting options: cannot specify both --all and --filter all=1");
                }
                f.add("all=true");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!force) {
                out.print("WARNING! This will remove " + (all ? "all" : "anonymous")
                        + " local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
                // Like docker: only "y" or "Y" confirms; anything else, "yes" included, declines.
                if (answer == null || !(answer.trim().equals("y") || answer.trim().equals("Y"))) {
                    return 0;
                }
            }
            String q = f.isEmpty() ? "" : "?filters=" + ApiClient.enc(filtersJson(f));
            try (ApiClient c = parent.root.client()) {
                ApiClient.Response r = c.request("POST", "/volumes/prune" + q, null, null);
                BerthCli.check(r);
                JsonNode rep = Json.MAPPER.readTree(r.body());
                if (rep.path("VolumesDeleted").size() > 0) {
                    out.println("Deleted Volumes:");
                    rep.path("VolumesDeleted").forEach(v -> out.println(v.asText()));
                    out.println();
                }
                out.println("Total reclaimed space: " + Units.humanSize(rep.path("SpaceReclaimed").asLong()));
            }
            out.flush();
            return 0;
        }
    }
}
