package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code berth version}. */
@Command(name = "version", description = "Show the client and daemon versions.")
final class VersionCommand implements Callable<Integer> {

    @ParentCommand
    BerthCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        out.println("Client: berth 0.1.0");
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
}
