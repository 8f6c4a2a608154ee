package dev.berth.container;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's process configuration after merging the user's settings with the image's, as inspect reports it
 * under {@code Config}. Null lists and maps mean "not set". Immutable and thread-safe.
 */
public record ContainerConfig(String hostname, String domainname, String user, boolean attachStdin,
                              boolean attachStdout, boolean attachStderr, boolean tty, boolean openStdin,
                              boolean stdinOnce, List<String> env, List<String> cmd, List<String> entrypoint,
                              String image, String workingDir, Map<String, String> labels, Set<String> volumes,
                              Set<String> exposedPorts, String stopSignal, Integer stopTimeout,
                              boolean networkDisabled) {

    public ContainerConfig {
        env = env == null ? null : List.copyOf(env);
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        labels = labels == null ? null : Map.copyOf(labels);
        volumes = volumes == null ? null : Set.copyOf(volumes);
        exposedPorts = exposedPorts == null ? null : Set.copyOf(exposedPorts);
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
        image = image == null ? "" : image;
    }
}
