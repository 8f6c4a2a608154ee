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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code berth info}. */
@Command(name = "info", description = "Show engine-wide information.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    BerthCli root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template: 'json' or a Go template "
            + "over docker's info data (.ServerVersion, .Driver, .ClientInfo, ...)")
    String format;

    @Override
    public Integer call() throws Exception {
        if (format != null && !format.isEmpty()) {
            return formatted();
        }
        var out = spec.commandLine().getOut();
        try (ApiClient c = root.client()) {
            ApiClient.Response r = c.get("/info");
            BerthCli.check(r);
            JsonNode i = Json.MAPPER.readTree(r.body());
            String[] keys = {"Name", "ServerVersion", "Containers", "ContainersRunning", "ContainersStopped",
                    "Images", "Driver", "LoggingDriver", "CgroupVersion", "KernelVersion", "OperatingSystem",
                    "Architecture", "NCPU", "MemTotal", "DockerRootDir", "DefaultRuntime"};
            for (String k : keys) {
                out.println(" " + k + ": " + i.path(k).asText());
            }
        }
        out.flush();
        return 0;
    }

    /**
     * As docker: a template that needs only the client's side runs without the daemon; an unreachable daemon is
     * reported on stderr and the template still runs (exit 1); the output ends with a newline.
     */
    private int formatted() throws IOException {
        Template t = SystemFormat.infoTemplate(format);
        JsonNode info = null;
        List<String> serverErrors = new ArrayList<>();
        var err = spec.commandLine().getErr();
        if (SystemFormat.needsServer(format, t)) {
            try (ApiClient c = root.client()) {
                ApiClient.Response r = c.get("/info");
                BerthCli.check(r);
                info = Json.MAPPER.readTree(r.body());
            } catch (BerthCli.CliException e) {
                serverErrors.add(e.getMessage());
            } catch (IOException e) {
                if (!BerthCli.isUnreachable(e)) {
                    throw e;
                }
                serverErrors.add(BerthCli.unreachable(root.socket().toString()));
            }
            serverErrors.forEach(err::println);
        }
        StringBuilder text = new StringBuilder();
        String execError = null;
        try {
            t.execute(text, SystemFormat.dockerInfo(info, serverErrors));
        } catch (TemplateException.Exec e) {
            execError = e.getMessage();
        }
        var out = spec.commandLine().getOut();
        out.print(text.append('\n'));
        out.flush();
        if (execError != null) {
            err.println(execError);
        }
        err.flush();
        return execError != null || !serverErrors.isEmpty() ? 1 : 0;
    }
}
