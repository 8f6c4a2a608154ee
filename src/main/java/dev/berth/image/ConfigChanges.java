package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies {@code docker import --change} instructions (Dockerfile syntax) to an image's run defaults, with Docker's
 * rules: only CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and WORKDIR are
 * allowed; JSON (exec) or shell form; {@code $VAR} expansion from the environment built so far; ENTRYPOINT clears a
 * CMD not set by the same changes. Errors carry Docker's texts. Stateless and thread-safe.
 */
final class ConfigChanges {

    private static final Set<String> VALID = Set.of("cmd", "entrypoint", "healthcheck", "env", "expose", "label",
            "onbuild", "stopsignal", "user", "volume", "workdir");
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private record Instruction(String keyword, String rest, List<String[]> pairs) {}

    private ConfigChanges() {
    }

    static ImageConfig apply(List<String> changes, ImageConfig base) {
        if (changes == null || changes.isEmpty()) {
            return base;
        }
        List<Instruction> instructions = new ArrayList<>();
        for (String line : logicalLines(String.join("\n", changes))) {
            String[] kv = line.split("\\s+", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String rest = kv.length > 1 ? kv[1].strip() : "";
            List<String[]> pairs = keyword.equals("env") || keyword.equals("label")
                    ? nameValues(rest, keyword.toUpperCase(Locale.ROOT)) : null;
            instructions.add(new Instruction(keyword, rest, pairs));
        }
        for (Instruction i : instructions) {
            if (!VALID.contains(i.keyword())) {
                throw new ChangeException(i.keyword() + " is not a valid change command");
            }
        }
        ImageConfig.Builder b = base.toBuilder();
        boolean cmdSet = false;
        for (Instruction i : instructions) {
            switch (i.keyword()) {
                case "env" -> {
                    List<String[]> pairs = atLeastOne(i.pairs(), "ENV");
                    ImageConfig snapshot = b.build();
                    for (String[] p : pairs) {
                        b.putEnv(expand(p[0], snapshot), expand(p[1], snapshot));
                    }
                }
                case "label" -> {
                    List<String[]> pairs = atLeastOne(i.pairs(), "LABEL");
                    ImageConfig snapshot = b.build();
                    for (String[] p : pairs) {
                        b.labels.put(expand(p[0], snapshot), expand(p[1], snapshot));
                    }
                }
                case "cmd" -> {
                    b.cmd = commandLine(i.rest(), b);
                    cmdSet = true;
                }
                case "entrypoint" -> {
                    b.entrypoint = commandLine(i.rest(), b);
                    if (!cmdSet) {
                        b.cmd = null;
                    }
                }
                case "workdir" -> {
                    String dir = expand(exactlyOne(i.rest(), "WORKDIR"), b.build());
                    b.workingDir = dir.startsWith("/") ? dir : cleanPath("/" + b.workingDir + "/" + dir);
                }
                case "user" -> b.user = expand(exactlyOne(i.rest(), "USER"), b.build());
                case "stopsignal" -> {
                    String signal = expand(exactlyOne(i.rest(), "STOPSIGNAL"), b.build());
                    Signals.parse(signal);
                    b.stopSignal = signal;
                }
                case "volume" -> {
                    for (String v : maybeJsonList(i.rest(), "VOLUME")) {
                        String path = expand(v, b.build());
                        if (path.isBlank()) {
                            throw new ChangeException("VOLUME specified can not be an empty string");
                        }
                        b.volumes.add(path);
                    }
                }
                case "expose" -> {
                    List<String> raw = ShellWords.rawWords(i.rest());
                    if (raw.isEmpty()) {
                        throw new ChangeException("EXPOSE requires at least one argument");
                    }
                    ImageConfig snapshot = b.build();
                    for (String w : raw) {
                        for (String port : ShellWords.words(w, snapshot::envValue)) {
                            b.exposedPorts.addAll(Ports.parse(port));
                        }
                    }
                }
                case "healthcheck" -> b.healthcheck = Healthchecks.parse(i.rest());
                case "onbuild" -> b.onBuild.add(onBuildTrigger(i.rest()));
                default -> throw new IllegalStateException("validated above: " + i.keyword());
            }
        }
        return b.build();
    }

    /** Joins backslash-continued lines and drops blank and comment lines, as the Dockerfile parser does. */
    private static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripTrailing();
            if (current.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            String logical = current.toString().strip();
            if (!logical.isEmpty()) {
                out.add(logical);
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** ENV and LABEL arguments: the legacy {@code KEY name value} form or {@code name=value ...}. */
    private static List<String[]> nameValues(String rest, String keyword) {
        List<String> words = ShellWords.rawWords(rest);
        if (words.isEmpty()) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        if (!words.getFirst().contains("=")) {
            String[] parts = rest.split("\\s+", 2);
            if (parts.length < 2) {
                throw new ChangeException(keyword + " must have two arguments");
            }
            out.add(parts);
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new ChangeException("Syntax error - can't find = in \"" + w + "\". Must be of the form: "
                        + "name=value");
            }
            if (eq == 0) {
                throw new ChangeException(keyword + " names can not be blank");
            }
            out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
        }
        return out;
    }

    private static List<String[]> atLeastOne(List<String[]> pairs, String keyword) {
        if (pairs.isEmpty()) {
            throw new ChangeException(keyword + " requires at least one argument");
        }
        return pairs;
    }

    private static String exactlyOne(String rest, String keyword) {
        if (rest.isEmpty()) {
            throw new ChangeException(keyword + " requires exactly one argument");
        }
        return rest;
    }

    private static String expand(String word, ImageConfig env) {
        return ShellWords.word(word, env::envValue);
    }

    /** CMD and ENTRYPOINT: a JSON array is the exec form; anything else runs through the image's shell. */
    private static List<String> commandLine(String rest, ImageConfig.Builder b) {
        List<String> json = jsonArray(rest);
        if (json != null) {
            return json;
        }
        List<String> line = new ArrayList<>(b.shell != null ? b.shell : DEFAULT_SHELL);
        if (!rest.isEmpty()) {
            line.add(rest);
        }
        return line;
    }

    private static List<String> maybeJsonList(String rest, String keyword) {
        List<String> json = jsonArray(rest);
        List<String> out = json != null ? json : ShellWords.rawWords(rest);
        if (out.isEmpty()) {
            throw new ChangeException(keyword + " requires at least one argument");
        }
        return out;
    }

    /** The strings of a JSON array of strings, or null when {@code text} is not one. */
    static List<String> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    return null;
                }
                out.add(e.asText());
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static String onBuildTrigger(String rest) {
        String[] kv = rest.split("\\s+", 2);
        String trigger = kv[0].toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "" -> throw new ChangeException("ONBUILD requires at least one argument");
            case "ONBUILD" -> throw new ChangeException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new ChangeException(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
                return rest;
            }
        }
    }

    /** Go's filepath.Clean for an absolute path: ".." at the root stays at the root. */
    static String cleanPath(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
