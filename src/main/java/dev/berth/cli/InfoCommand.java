package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code berth info}. */
@Command(name = "info", description = "Show engine-wide information.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    BerthCli root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "\"json\" for the raw JSON.")
    String format;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (ApiClient c = root.client()) {
            ApiClient.Response r = c.get("/info");
            BerthCli.check(r);
            JsonNode i = Json.MAPPER.readTree(r.body());
            if ("json".equals(format)) {
                out.println(Json.MAPPER.writeValueAsString(i));
            } else {
                String[] keys = {"Name", "ServerVersion", "Containers", "ContainersRunning", "ContainersStopped",
                        "Images", "Driver", "LoggingDriver", "CgroupVersion", "KernelVersion", "OperatingSystem",
                        "Architecture", "NCPU", "MemTotal", "DockerRootDir", "DefaultRuntime"};
                for (String k : keys) {
                    out.println(" " + k + ": " + i.path(k).asText());
                }
            }
        }
        out.flush();
        return 0;
    }
}
