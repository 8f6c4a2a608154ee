package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An image config (the JSON whose sha256 is the image ID), in the OCI/Docker shape: platform, created, author,
 * {@code config}, {@code rootfs.diff_ids}, history. Parsing is lenient about fields berth does not use; the raw
 * bytes stay the source of truth so the ID never changes. Immutable and thread-safe.
 */
record ConfigDocument(String architecture, String os, String variant, String osVersion, Instant created,
                      String author, String comment, String dockerVersion, ImageConfig config, List<String> diffIds,
                      int historyLength) {

    ConfigDocument {
        diffIds = List.copyOf(diffIds);
    }

    static ConfigDocument parse(byte[] raw) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new LayerFormatException("invalid image config: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new LayerFormatException("invalid image config: not a JSON object");
        }
        JsonNode rootfs = root.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) {
            throw new LayerFormatException("invalid image JSON, no RootFS key");
        }
        if (!"layers".equals(text(rootfs, "type"))) {
            throw new LayerFormatException("invalid image config: rootfs type \"" + text(rootfs, "type")
                    + "\" is not supported");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : iterable(rootfs.get("diff_ids"))) {
            if (!Digests.isDigest(d.asText())) {
                throw new LayerFormatException("invalid image config: bad diff ID \"" + d.asText() + "\"");
            }
            diffIds.add(d.asText());
        }
        String os = text(root, "os");
        return new ConfigDocument(text(root, "architecture"), os.isEmpty() ? "linux" : os, text(root, "variant"),
                text(root, "os.version"), Times.parse(text(root, "created")), text(root, "author"),
                text(root, "comment"), text(root, "docker_version"), runConfig(root.get("config")), diffIds,
                root.has("history") ? root.get("history").size() : 0);
    }

    private static ImageConfig runConfig(JsonNode c) {
        if (c == null || !c.isObject()) {
            return ImageConfig.EMPTY;
        }
        ImageConfig.Healthcheck hc = null;
        JsonNode h = c.get("Healthcheck");
        if (h != null && h.isObject()) {
            hc = new ImageConfig.Healthcheck(strings(h.get("Test")), h.path("Interval").asLong(),
                    h.path("Timeout").asLong(), h.path("StartPeriod").asLong(), h.path("StartInterval").asLong(),
                    h.path("Retries").asInt());
        }
        JsonNode stopTimeout = c.get("StopTimeout");
        return new ImageConfig(text(c, "User"), keys(c.get("ExposedPorts")), strings(c.get("Env")),
                strings(c.get("Cmd")), hc, c.path("ArgsEscaped").asBoolean(false), keys(c.get("Volumes")),
                text(c, "WorkingDir"), strings(c.get("Entrypoint")), strings(c.get("OnBuild")),
                new TreeMap<>(labels(c.get("Labels"))), text(c, "StopSignal"),
                stopTimeout == null || stopTimeout.isNull() ? null : stopTimeout.asInt(), strings(c.get("Shell")));
    }

    /** The config of a {@code docker import}ed image: one layer, one history entry, the given run defaults. */
    static byte[] forImport(ImageConfig config, String architecture, String os, String variant, Instant created,
                            String comment, String diffId) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("architecture", architecture);
        if (!comment.isEmpty()) {
            root.put("comment", comment);
        }
        root.set("config", toJson(config));
        root.put("created", Times.format(created));
        ObjectNode history = f.objectNode();
        history.put("created", Times.format(created));
        if (!comment.isEmpty()) {
            history.put("comment", comment);
        }
        root.set("history", f.arrayNode().add(history));
        root.put("os", os);
        ObjectNode rootfs = f.objectNode();
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", f.arrayNode().add(diffId));
        root.set("rootfs", rootfs);
        if (variant != null && !variant.isEmpty()) {
            root.put("variant", variant);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("serialising an image config cannot fail", e);
        }
    }

    private static ObjectNode toJson(ImageConfig c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        if (!c.user().isEmpty()) {
            o.put("User", c.user());
        }
        if (!c.exposedPorts().isEmpty()) {
            ObjectNode ports = o.putObject("ExposedPorts");
            c.exposedPorts().forEach(p -> ports.putObject(p));
        }
        if (!c.env().isEmpty()) {
            o.set("Env", array(c.env()));
        }
        if (c.entrypoint() != null) {
            o.set("Entrypoint", array(c.entrypoint()));
        }
        if (c.cmd() != null) {
            o.set("Cmd", array(c.cmd()));
        }
        if (!c.volumes().isEmpty()) {
            ObjectNode vols = o.putObject("Volumes");
            c.volumes().forEach(v -> vols.putObject(v));
        }
        if (!c.workingDir().isEmpty()) {
            o.put("WorkingDir", c.workingDir());
        }
        if (!c.labels().isEmpty()) {
            ObjectNode labels = o.putObject("Labels");
            c.labels().forEach(labels::put);
        }
        if (!c.stopSignal().isEmpty()) {
            o.put("StopSignal", c.stopSignal());
        }
        if (c.argsEscaped()) {
            o.put("ArgsEscaped", true);
        }
        if (c.healthcheck() != null) {
            ObjectNode h = o.putObject("Healthcheck");
            if (c.healthcheck().test() != null) {
                h.set("Test", array(c.healthcheck().test()));
            }
            putNonZero(h, "Interval", c.healthcheck().interval());
            putNonZero(h, "Timeout", c.healthcheck().timeout());
            putNonZero(h, "StartPeriod", c.healthcheck().startPeriod());
            putNonZero(h, "StartInterval", c.healthcheck().startInterval());
            putNonZero(h, "Retries", c.healthcheck().retries());
        }
        if (!c.onBuild().isEmpty()) {
            o.set("OnBuild", array(c.onBuild()));
        }
        if (c.stopTimeout() != null) {
            o.put("StopTimeout", c.stopTimeout());
        }
        if (c.shell() != null) {
            o.set("Shell", array(c.shell()));
        }
        return o;
    }

    private static void putNonZero(ObjectNode o, String key, long v) {
        if (v != 0) {
            o.put(key, v);
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<String> strings(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (a.isTextual()) {
            out.add(a.asText());
            return out;
        }
        for (JsonNode s : iterable(a)) {
            out.add(s.asText());
        }
        return out;
    }

    private static TreeSet<String> keys(JsonNode o) {
        TreeSet<String> out = new TreeSet<>();
        if (o != null && o.isObject()) {
            o.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode o) {
        Map<String, String> out = new TreeMap<>();
        if (o != null && o.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n == null || !n.isArray() ? List.of() : n::elements;
    }
}
