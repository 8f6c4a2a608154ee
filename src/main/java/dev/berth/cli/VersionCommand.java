package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gotext.template.Template;
import dev.berth.gotext.template.TemplateException;
import dev.berth.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code berth version}. */
@Command(name = "version", description = "Show the client and daemon versions.")
final class VersionCommand implements Callable<Integer> {

    @ParentCommand
    BerthCli root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template: 'json' or a Go template "
            + "over docker's version data (.Client, .Server)")
    String format;

    @Override
    public Integer call() throws Exception {
        if (format != null && !format.isEmpty()) {
            return formatted();
        }
        var out = spec.commandLine().getOut();
        out.println("Client: berth " + SystemFormat.CLIENT_VERSION);
        try (ApiClient c = root.client()) {
            ApiClient.Response r = c.get("/version");
            BerthCli.check(r);
            JsonNode v = Json.MAPPER.readTree(r.body());
            out.println("Server: " + v.path("Platform").path("Name").asText());
            out.println(" Engine API version: " + v.path("ApiVersion").asText() + " (minimum "
                    + v.path("MinAPIVersion").asText() + ")");
            out.println(" Engine version:     " + v.path("Version").asText());
            out.println(" OS/Arch:            " + v.path("Os").asText() + "/" + v.path("Arch").asText());
            out.println(" Kernel:             " + v.path("KernelVersion").asText());
        }
        out.flush();
        return 0;
    }

    /** As docker: the template runs even without a server (.Server is nil), and the daemon's error follows. */
    private int formatted() throws IOException {
        Template t = SystemFormat.versionTemplate(format);
        JsonNode server = null;
        String serverError = null;
        try (ApiClient c = root.client()) {
            ApiClient.Response r = c.get("/version");
            BerthCli.check(r);
            server = Json.MAPPER.readTree(r.body());
        } catch (BerthCli.CliException e) {
            serverError = e.getMessage();
        } catch (IOException e) {
            if (!BerthCli.isUnreachable(e)) {
                throw e;
            }
            serverError = BerthCli.unreachable(root.socket().toString());
        }
        StringBuilder text = new StringBuilder();
        String execError = null;
        try {
            SystemFormat.printVersion(t, SystemFormat.versionInfo(server), text);
        } catch (TemplateException.Exec e) {
            execError = e.getMessage();
        }
        var out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        String error = serverError != null ? serverError : execError;
        if (error != null) {
            spec.commandLine().getErr().println(error);
            return 1;
        }
        return 0;
    }
}
