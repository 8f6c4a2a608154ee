package dev.berth.image;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run defaults an image carries (the {@code config} object of its image config): what the container service
 * starts from. {@code cmd}, {@code entrypoint} and {@code shell} are null when the image does not set them (which is
 * not the same as an empty list); {@code exposedPorts} hold {@code "80/tcp"} keys. Immutable and thread-safe.
 */
public record ImageConfig(String user, SortedSet<String> exposedPorts, List<String> env, List<String> cmd,
                          Healthcheck healthcheck, boolean argsEscaped, SortedSet<String> volumes, String workingDir,
                          List<String> entrypoint, List<String> onBuild, SortedMap<String, String> labels,
                          String stopSignal, Integer stopTimeout, List<String> shell) {

    /** A HEALTHCHECK as stored in the image; durations are nanoseconds, 0 meaning "inherit". Immutable. */
    public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
                              int retries) {
        public Healthcheck {
            test = test == null ? null : List.copyOf(test);
        }
    }

    public static final ImageConfig EMPTY = new ImageConfig("", null, null, null, null, false, null, "", null, null,
            null, "", null, null);

    public ImageConfig {
        user = user == null ? "" : user;
        exposedPorts = Collections.unmodifiableSortedSet(exposedPorts == null ? new TreeSet<>()
                : new TreeSet<>(exposedPorts));
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? null : List.copyOf(cmd);
        volumes = Collections.unmodifiableSortedSet(volumes == null ? new TreeSet<>() : new TreeSet<>(volumes));
        workingDir = workingDir == null ? "" : workingDir;
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        labels = Collections.unmodifiableSortedMap(labels == null ? new TreeMap<>() : new TreeMap<>(labels));
        stopSignal = stopSignal == null ? "" : stopSignal;
        shell = shell == null ? null : List.copyOf(shell);
    }

    /** The value of {@code key} in {@link #env()}, or null. */
    public String envValue(String key) {
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq > 0 ? e.substring(0, eq).equals(key) : e.equals(key)) {
                return eq > 0 ? e.substring(eq + 1) : "";
            }
        }
        return null;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy used while applying {@code --change} instructions. Not thread-safe. */
    static final class Builder {
        String user;
        TreeSet<String> exposedPorts;
        List<String> env;
        List<String> cmd;
        Healthcheck healthcheck;
        boolean argsEscaped;
        TreeSet<String> volumes;
        String workingDir;
        List<String> entrypoint;
        List<String> onBuild;
        TreeMap<String, String> labels;
        String stopSignal;
        Integer stopTimeout;
        List<String> shell;

        private Builder(ImageConfig c) {
            user = c.user;
            exposedPorts = new TreeSet<>(c.exposedPorts);
            env = new java.util.ArrayList<>(c.env);
            cmd = c.cmd;
            healthcheck = c.healthcheck;
            argsEscaped = c.argsEscaped;
            volumes = new TreeSet<>(c.volumes);
            workingDir = c.workingDir;
            entrypoint = c.entrypoint;
            onBuild = new java.util.ArrayList<>(c.onBuild);
            labels = new TreeMap<>(c.labels);
            stopSignal = c.stopSignal;
            stopTimeout = c.stopTimeout;
            shell = c.shell;
        }

        /** Sets or replaces {@code key} in the environment, keeping its position (Docker's ENV). */
        void putEnv(String key, String value) {
            String entry = key + "=" + value;
            for (int i = 0; i < env.size(); i++) {
                String e = env.get(i);
                int eq = e.indexOf('=');
                if ((eq >= 0 ? e.substring(0, eq) : e).equals(key)) {
                    env.set(i, entry);
                    return;
                }
            }
            env.add(entry);
        }

        ImageConfig build() {
            return new ImageConfig(user, exposedPorts, env, cmd, healthcheck, argsEscaped, volumes, workingDir,
                    entrypoint, onBuild, labels, stopSignal, stopTimeout, shell);
        }
    }
}
