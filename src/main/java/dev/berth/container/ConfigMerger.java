package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Docker's merge of a container's own config with its image's, and the resulting command line. */
final class ConfigMerger {

    private ConfigMerger() {
    }

    /**
     * The user's config completed from the image's: command and entrypoint, environment (user wins per key),
     * labels, volumes, exposed ports, working dir, user and stop signal.
     */
    static ContainerConfig merge(ContainerConfig user, ImageConfig image) {
        List<String> entrypoint = user.entrypoint();
        List<String> cmd = user.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (cmd == null || cmd.isEmpty()) {
                cmd = image.cmd();
            }
            if (entrypoint == null) {
                entrypoint = image.entrypoint();
            }
        }
        return new ContainerConfig(user.hostname(), user.domainname(),
                user.user().isEmpty() ? nz(image.user()) : user.user(), user.attachStdin(), user.attachStdout(),
                user.attachStderr(), user.tty(), user.openStdin(), user.stdinOnce(), mergeEnv(image.env(), user.env()),
                cmd, entrypoint, user.image(),
                user.workingDir().isEmpty() ? nz(image.workingDir()) : user.workingDir(),
                mergeLabels(image.labels(), user.labels()), union(image.volumes(), user.volumes()),
                union(image.exposedPorts(), user.exposedPorts()),
                user.stopSignal() == null || user.stopSignal().isEmpty() ? emptyToNull(image.stopSignal())
                        : user.stopSignal(),
                user.stopTimeout() != null ? user.stopTimeout() : image.stopTimeout(), user.networkDisabled());
    }

    /** The process to run: entrypoint then cmd; Docker's "No command specified" when there is none. */
    static List<String> commandLine(ContainerConfig c) {
        List<String> ep = c.entrypoint();
        if (ep != null && ep.size() == 1 && ep.getFirst().isEmpty()) {
            ep = List.of();
        }
        List<String> all = new ArrayList<>();
        if (ep != null) {
            all.addAll(ep);
        }
        if (c.cmd() != null) {
            all.addAll(c.cmd());
        }
        if (all.isEmpty()) {
            throw new InvalidArgumentException("no command specified");
        }
        return all;
    }

    /** Docker's merge: the user's entries in their order, then the image's entries whose key the user did not set. */
    private static List<String> mergeEnv(List<String> image, List<String> user) {
        if (user == null || user.isEmpty()) {
            return image == null ? user : image;
        }
        java.util.Set<String> userKeys = new java.util.HashSet<>();
        for (String kv : user) {
            userKeys.add(key(kv));
        }
        List<String> out = new java.util.ArrayList<>(user);
        if (image != null) {
            for (String kv : image) {
                if (!userKeys.contains(key(kv))) {
                    out.add(kv);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String key(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    private static Map<String, String> mergeLabels(Map<String, String> image, Map<String, String> user) {
        if (image == null && user == null) {
            return null;
        }
        Map<String, String> m = new TreeMap<>();
        if (image != null) {
            m.putAll(image);
        }
        if (user != null) {
            m.putAll(user);
        }
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a == null && b == null) {
            return null;
        }
        Set<String> s = new LinkedHashSet<>();
        if (a != null) {
            s.addAll(a);
        }
        if (b != null) {
            s.addAll(b);
        }
        return s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
