package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gotext.template.GoFunc;
import dev.berth.gotext.template.GoJson;
import dev.berth.gotext.template.GoType;
import dev.berth.gotext.template.Template;
import dev.berth.gotext.template.TemplateException;
import dev.berth.gotext.template.Value;
import dev.berth.json.Json;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code berth version --format} and {@code berth info --format}: docker's data for the templates (the server's
 * answer decoded into docker's structs, berth's own client facts) and docker's way of printing them. Stateless.
 */
final class SystemFormat {

    static final String CLIENT_VERSION = "0.1.0";
    static final String API_VERSION = "1.50";

    private SystemFormat() {
    }

    /** The client side as berth reports it: its own version and runtime, docker's field names. */
    static Value clientVersion(String apiVersion) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putObject("Platform").put("Name", "berth");
        c.put("Version", CLIENT_VERSION);
        c.put("ApiVersion", apiVersion);
        c.put("DefaultAPIVersion", API_VERSION);
        c.put("GoVersion", "java" + Runtime.version().feature());
        c.put("Os", System.getProperty("os.name").toLowerCase(Locale.ROOT));
        c.put("Arch", goArch(System.getProperty("os.arch")));
        c.put("Context", "default");
        return GoJson.decode(c, SystemTypes.CLIENT_VERSION);
    }

    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    // ---- version

    static final Map<String, GoFunc> VERSION_FUNCS = Map.of("getDetailsOrder", GoFunc.of("getDetailsOrder",
            GoType.sliceOf(GoType.STRING), List.of(SystemTypes.COMPONENT),
            a -> Value.stringSlice(new ArrayList<>(new TreeSet<String>(keys(a.getFirst().field("Details")))))));

    private static List<String> keys(Value map) {
        List<String> k = new ArrayList<>();
        map.map().keySet().forEach(x -> k.add((String) x));
        return k;
    }

    static Template versionTemplate(String format) {
        return DockerTemplates.parseOrExit64("version", format.equals("json") ? "{{json .}}" : format, VERSION_FUNCS);
    }

    /** docker's versionInfo: the Engine component's BuildTime in ANSIC form, one made from the top fields if absent. */
    static Value versionInfo(JsonNode server) {
        Value serverValue = Value.zero(GoType.pointerTo(SystemTypes.SERVER_VERSION));
        if (server != null) {
            ObjectNode s = server.deepCopy();
            boolean engine = false;
            for (JsonNode c : s.path("Components")) {
                if ("Engine".equals(c.path("Name").asText()) && c.path("Details").has("BuildTime")) {
                    ((ObjectNode) c.get("Details")).put("BuildTime", reformatDate(c.path("Details").path("BuildTime").asText()));
                }
                engine |= "Engine".equals(c.path("Name").asText());
            }
            if (!engine) {
                ArrayNode comps = s.has("Components") && s.get("Components").isArray() ? (ArrayNode) s.get("Components")
                        : s.putArray("Components");
                ObjectNode e = comps.addObject().put("Name", "Engine").put("Version", s.path("Version").asText());
                ObjectNode d = e.putObject("Details");
                d.put("ApiVersion", s.path("ApiVersion").asText()).put("MinAPIVersion", s.path("MinAPIVersion").asText())
                        .put("GitCommit", s.path("GitCommit").asText()).put("GoVersion", s.path("GoVersion").asText())
                        .put("Os", s.path("Os").asText()).put("Arch", s.path("Arch").asText())
                        .put("BuildTime", reformatDate(s.path("BuildTime").asText()))
                        .put("Experimental", String.valueOf(s.path("Experimental").asBoolean()));
            }
            serverValue = GoJson.decode(s, GoType.pointerTo(SystemTypes.SERVER_VERSION));
        }
        return Value.struct(SystemTypes.VERSION_INFO, clientVersion(API_VERSION), serverValue);
    }

    /** RFC 3339 times as Go's time.ANSIC ({@code Mon Jan  2 15:04:05 2006}); anything else unchanged. */
    static String reformatDate(String t) {
        try {
            return OffsetDateTime.parse(t).format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            return t;
        }
    }

    /**
     * docker's output of the version template: through a tabwriter (minimum width 20, padding 1), then a newline.
     * An execution error is thrown after what was written has been added to {@code out}.
     */
    static void printVersion(Template t, Value info, StringBuilder out) {
        StringBuilder raw = new StringBuilder();
        TemplateException.Exec failure = null;
        try {
            t.execute(raw, info);
        } catch (TemplateException.Exec e) {
            failure = e;
        }
        new TabWriter(20, 1, out).write(raw.toString()).write("\n").flush();
        if (failure != null) {
            throw failure;
        }
    }

    // ---- info

    private static final Pattern PLACEHOLDER = Pattern.compile("\\.[a-zA-Z]");

    /** The data of {@code docker info} templates: the server's Info (empty when unavailable) and berth's client. */
    static Value dockerInfo(JsonNode info, List<String> serverErrors) {
        Value infoValue = GoJson.decode(info == null ? Json.MAPPER.createObjectNode() : info,
                GoType.pointerTo(SystemTypes.INFO));
        return Value.struct(SystemTypes.DOCKER_INFO, infoValue,
                serverErrors.isEmpty() ? Value.stringSlice(null) : Value.stringSlice(serverErrors), Value.of(""),
                clientInfo(), Value.stringSlice(null));
    }

    private static Value clientInfo() {
        // The API version is left empty here, as docker 28.2 leaves it in info.
        Value ci = Value.struct(SystemTypes.CLIENT_INFO, Value.ofBool(false), clientVersion(""),
                Value.of(SystemTypes.CLIENT_INFO.fields().get(2).type(), new ArrayList<>()), Value.stringSlice(null));
        return Value.pointer(GoType.pointerTo(SystemTypes.CLIENT_INFO), ci);
    }

    static Template infoTemplate(String format) {
        return DockerTemplates.parseOrExit64("", format.equals("json") ? "{{json .}}" : format, Map.of());
    }

    /** docker's needsServerInfo: whether the template fails on the client's side alone (then the daemon is asked). */
    static boolean needsServer(String format, Template t) {
        if (format.isEmpty() || !PLACEHOLDER.matcher(format).find()) {
            return true;
        }
        try {
            t.execute(Value.struct(SystemTypes.SPARSE_INFO, clientInfo(), Value.stringSlice(null)));
            return false;
        } catch (TemplateException.Exec e) {
            return true;
        }
    }
}
