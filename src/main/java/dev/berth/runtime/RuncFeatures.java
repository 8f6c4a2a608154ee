package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What the OCI runtime and the kernel support, probed once at startup with {@code runc features} (runc 1.1+):
 * chiefly whether read-only bind mounts can be made recursively read-only ({@code rro}), which needs the option in
 * runc and {@code mount_setattr(2)} (kernel 5.12+). Immutable and thread-safe.
 */
public final class RuncFeatures {

    private static final Logger log = LoggerFactory.getLogger(RuncFeatures.class);

    private final String runtimeName;
    private final boolean available;
    private final Set<String> mountOptions;
    private final String kernelRelease;

    RuncFeatures(String runtimeName, boolean available, Set<String> mountOptions, String kernelRelease) {
        this.runtimeName = runtimeName;
        this.available = available;
        this.mountOptions = Set.copyOf(mountOptions);
        this.kernelRelease = kernelRelease;
    }

    /** Runs {@code <runc> features}; a runtime without the command yields "no features known". */
    public static RuncFeatures probe(Path runc) {
        String kernel = hostKernelRelease();
        try {
            String json = Runc.capture(runc, "features");
            return parse(runc.getFileName().toString(), json, kernel);
        } catch (OciRuntimeException | IOException e) {
            log.warn("runtime {} reports no features ({}); using non-recursive read-only mounts", runc,
                    e.getMessage());
            return new RuncFeatures(runc.getFileName().toString(), false, Set.of(), kernel);
        }
    }

    static RuncFeatures parse(String runtimeName, String json, String kernelRelease) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        Set<String> options = new HashSet<>();
        root.path("mountOptions").forEach(n -> options.add(n.asText()));
        return new RuncFeatures(runtimeName, true, options, kernelRelease);
    }

    private static String hostKernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "0.0";
        }
    }

    /** Whether the runtime knows the mount option, e.g. {@code rro} or {@code tmpcopyup}. */
    public boolean supportsMountOption(String option) {
        return mountOptions.contains(option);
    }

    /** The kernel release string, e.g. {@code 6.1.0-18-amd64}. */
    public String kernelRelease() {
        return kernelRelease;
    }

    /** Whether the running kernel is at least {@code major.minor}. */
    public boolean kernelAtLeast(int major, int minor) {
        String[] parts = kernelRelease.split("[.-]");
        try {
            int maj = Integer.parseInt(parts[0]);
            int min = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return maj > major || maj == major && min >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a read-only bind can be {@code rro} (submounts read-only too) rather than plain {@code ro}. */
    public boolean recursiveReadOnly() {
        return kernelAtLeast(5, 12) && supportsMountOption("rro");
    }

    /**
     * For {@code ReadOnlyForceRecursive}: fails with Docker's text when {@code rro} cannot be had.
     *
     * @throws InvalidArgumentException e.g. {@code rro is not supported by runtime "runc"}
     */
    public void requireRecursiveReadOnly() {
        if (!kernelAtLeast(5, 12)) {
            throw new InvalidArgumentException(
                    "rro is not supported: function not implemented (kernel is older than 5.12?)");
        }
        if (!available) {
            throw new InvalidArgumentException("rro is not supported by runtime \"" + runtimeName
                    + "\": OCI features struct is not available");
        }
        if (!supportsMountOption("rro")) {
            throw new InvalidArgumentException("rro is not supported by runtime \"" + runtimeName + "\"");
        }
    }
}
