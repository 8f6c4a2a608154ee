package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code berth volume export|import|clone}: berth's own volume commands (the first two as Podman's), clients of
 * {@code /berth/volumes/{name}/export|import|clone}. Archives stream through; nothing is held in memory whole.
 */
final class VolumeArchiveCommands {

    private VolumeArchiveCommands() {
    }

    @Command(name = "export", description = "Write a volume's content to a tar archive (stdout by default).",
            customSynopsis = "berth volume export [OPTIONS] VOLUME")
    static final class Export implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = {"-o", "--output"}, description = "Write to a file instead of stdout") String output;
        @Parameters(arity = "1") String name;

        @Override
        public Integer call() throws Exception {
            if (name.isBlank()) {
                throw new BerthCli.CliException(VolumeCommand.EMPTY_NAME);
            }
            if (output == null && System.console() != null && System.console().isTerminal()) {
                throw new BerthCli.CliException("cowardly refusing to save to a terminal. Use the -o flag or "
                        + "redirect");
            }
            // To a file: written beside it and renamed when complete, so a failed export leaves no partial archive.
            Path target = output == null ? null : Path.of(output).toAbsolutePath();
            Path partial = target == null ? null : target.resolveSibling("." + target.getFileName() + ".partial");
            try (ApiClient c = parent.root.client();
                 OutputStream out = new BufferedOutputStream(target == null
                         ? new FileOutputStream(FileDescriptor.out) : Files.newOutputStream(partial), 1 << 16)) {
                ApiClient.Response r = c.stream("GET", "/berth/volumes/" + ApiClient.enc(name) + "/export", null,
                        null, out);
                BerthCli.check(r);
            } catch (IOException | RuntimeException e) {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
                throw e;
            }
            if (target != null) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Merge a tar archive (plain or compressed) into an existing volume.",
            customSynopsis = "berth volume import VOLUME [FILE|-]")
    static final class Import implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;
        @Parameters(index = "1", arity = "0..1", description = "The archive; - or none reads stdin") String source;

        @Override
        public Integer call() throws Exception {
            if (name.isBlank()) {
                throw new BerthCli.CliException(VolumeCommand.EMPTY_NAME);
            }
            boolean stdin = source == null || source.equals("-");
            try (ApiClient c = parent.root.client();
                 InputStream in = stdin ? System.in : Files.newInputStream(Path.of(source))) {
                BerthCli.check(c.stream("POST", "/berth/volumes/" + ApiClient.enc(name) + "/import",
                        "application/x-tar", in, OutputStream.nullOutputStream()));
            }
            return 0;
        }
    }

    @Command(name = "clone", description = "Create a volume with another's driver, options, labels and content.",
            customSynopsis = "berth volume clone [OPTIONS] SOURCE TARGET")
    static final class Clone implements Callable<Integer> {
        @ParentCommand VolumeCommand parent;
        @Spec CommandSpec spec;
        @Option(names = "--label", description = "Labels of the new volume instead of the source's")
        List<String> labels = new ArrayList<>();
        @Parameters(index = "0") String source;
        @Parameters(index = "1") String target;

        @Override
        public Integer call() throws Exception {
            if (source.isBlank() || target.isBlank()) {
                throw new BerthCli.CliException(VolumeCommand.EMPTY_NAME);
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("Name", target);
            if (!labels.isEmpty()) {
                body.set("Labels", Json.MAPPER.valueToTree(VolumeCommand.labels(labels, spec)));
            }
            try (ApiClient c = parent.root.client()) {
                ApiClient.Response r = c.postJson("/berth/volumes/" + ApiClient.enc(source) + "/clone",
                        Json.MAPPER.writeValueAsBytes(body));
                BerthCli.check(r);
                spec.commandLine().getOut().println(Json.MAPPER.readTree(r.body()).path("Name").asText());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
