package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gotext.template.GoJson;
import dev.berth.gotext.template.GoType;
import dev.berth.gotext.template.Template;
import dev.berth.gotext.template.TemplateException;
import dev.berth.gotext.template.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code volume ls --format} and {@code volume inspect -f} templates see, as the docker CLI builds it: inspect
 * runs over the API's {@code volume.Volume} struct, ls over docker's volume formatter (methods Name, Driver,
 * Labels, Label "k", Links, Size, ...), whose table header is a map of column names. Stateless.
 */
final class VolumeFormat {

    private static final List<String> JSON_METHODS = List.of("Availability", "Driver", "Group", "Labels", "Links",
            "Mountpoint", "Name", "Scope", "Size", "Status");

    private static final GoType LABELS = GoType.mapOf(GoType.STRING, GoType.STRING);
    private static final GoType TIME = GoType.struct("time.Time").freeze();
    private static final GoType META = GoType.struct("swarm.Meta")
            .field("Version", GoType.struct("swarm.Version").field("Index", GoType.UINT64).freeze())
            .field("CreatedAt", TIME).field("UpdatedAt", TIME).freeze();
    /** Only ever nil here (berth has no swarm): its fields matter only for the errors naming them. */
    private static final GoType CLUSTER_VOLUME = GoType.struct("volume.ClusterVolume")
            .field("ID", GoType.STRING)
            .embed("Meta", META, false)
            .field("Spec", GoType.struct("volume.ClusterVolumeSpec").freeze())
            .field("PublishStatus", GoType.sliceOf(GoType.pointerTo(GoType.struct("volume.PublishStatus").freeze())),
                    "PublishStatus", true)
            .field("Info", GoType.pointerTo(GoType.struct("volume.Info").freeze()), "Info", true)
            .freeze();
    private static final GoType USAGE_DATA = GoType.struct("volume.UsageData")
            .field("RefCount", GoType.INT64).field("Size", GoType.INT64).freeze();

    /** The API's volume.Volume, fields in Go's order with their JSON tags. */
    static final GoType VOLUME = GoType.struct("volume.Volume")
            .field("ClusterVolume", GoType.pointerTo(CLUSTER_VOLUME), "ClusterVolume", true)
            .field("CreatedAt", GoType.STRING, "CreatedAt", true)
            .field("Driver", GoType.STRING)
            .field("Labels", LABELS)
            .field("Mountpoint", GoType.STRING)
            .field("Name", GoType.STRING)
            .field("Options", LABELS)
            .field("Scope", GoType.STRING)
            .field("Status", GoType.mapOf(GoType.STRING, GoType.ANY), "Status", true)
            .field("UsageData", GoType.pointerTo(USAGE_DATA), "UsageData", true)
            .freeze();

    private static final GoType HEADER_CONTEXT = GoType.struct("formatter.HeaderContext")
            .field("Header", GoType.ANY).freeze();

    /** docker's volumeContext: the volume in an unexported field, everything else through methods. */
    private static final GoType CONTEXT = context();
    private static final GoType CONTEXT_PTR = GoType.pointerTo(CONTEXT);

    /** The header row's data: column names by method name, and Label "x" naming a label's column. */
    private static final GoType SUB_HEADER = GoType.named("formatter.SubHeaderContext", LABELS)
            .method("Label", false, List.of(GoType.STRING), GoType.STRING, (r, a) -> Value.of(headerLabel(a.getFirst().str())))
            .freeze();

    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "ID"),
            Map.entry("Name", "VOLUME NAME"), Map.entry("Group", "GROUP"), Map.entry("Driver", "DRIVER"),
            Map.entry("Scope", "SCOPE"), Map.entry("Availability", "AVAILABILITY"), Map.entry("Mountpoint", "MOUNTPOINT"),
            Map.entry("Labels", "LABELS"), Map.entry("Links", "LINKS"), Map.entry("Size", "SIZE"),
            Map.entry("Status", "STATUS"));

    private VolumeFormat() {
    }

    private static GoType context() {
        GoType t = GoType.struct("formatter.volumeContext")
                .embed("HeaderContext", HEADER_CONTEXT, false)
                .field("v", VOLUME, null, false);
        for (String m : JSON_METHODS) {
            t.method(m, true, List.of(), GoType.STRING, (r, a) -> Value.of(method(volume(r), m)));
        }
        t.method("Label", true, List.of(GoType.STRING), GoType.STRING,
                (r, a) -> Value.of(label(volume(r), a.getFirst().str())));
        t.method("FullHeader", true, List.of(), GoType.ANY, (r, a) -> Value.zero(GoType.ANY));
        // MarshalJSON: the formatter's methods without arguments, as a map.
        t.jsonMarshaler(v -> {
            Map<String, Object> m = new TreeMap<>();
            JSON_METHODS.forEach(name -> m.put(name, method(volume(v), name)));
            return m;
        });
        return t.freeze();
    }

    private static Value volume(Value ctx) {
        return ctx.field("v");
    }

    private static String method(Value v, String name) {
        Value usage = v.field("UsageData");
        return switch (name) {
            case "Name", "Driver", "Scope", "Mountpoint" -> v.field(name).str();
            case "Labels" -> {
                // docker joins in its map's random order; berth sorts by key.
                Map<Object, Value> labels = v.field("Labels").map();
                StringBuilder b = new StringBuilder();
                new TreeMap<>(labels).forEach((k, x) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=')
                        .append(x.str()));
                yield b.toString();
            }
            case "Links" -> usage.isNil() ? "N/A" : String.valueOf(usage.elem().field("RefCount").longValue());
            case "Size" -> usage.isNil() ? "N/A" : Units.humanSize(usage.elem().field("Size").longValue());
            default -> "N/A"; // Group, Availability, Status: cluster volumes only
        };
    }

    private static String label(Value v, String key) {
        Value l = v.field("Labels").map().get(key);
        return l == null ? "" : l.str();
    }

    /** docker's header for {@code .Label "a.b-c_d"}: the part after the last dot, '-' and '_' as spaces. */
    static String headerLabel(String name) {
        String[] parts = name.split("\\.", -1);
        return parts[parts.length - 1].replace('-', ' ').replace('_', ' ');
    }

    static Value volumeValue(JsonNode json) {
        return GoJson.decode(json, VOLUME);
    }

    static Value contextValue(JsonNode json) {
        Value ctx = Value.struct(CONTEXT, Value.zero(HEADER_CONTEXT), volumeValue(json));
        return Value.pointer(CONTEXT_PTR, ctx);
    }

    private static Value headerValue() {
        return Value.stringMap(SUB_HEADER, new LinkedHashMap<>(HEADERS));
    }

    /**
     * docker's volume ls format: {@code table} alone is the default table, {@code raw} two lines per volume, with
     * -q the name only; any other format is used as given (-q then has no effect).
     */
    static String lsFormat(String format, boolean quiet) {
        if (format == null || format.isEmpty() || format.equals("table")) {
            return quiet ? "{{.Name}}" : "table {{.Driver}}\t{{.Name}}";
        }
        if (format.equals("raw")) {
            return quiet ? "name: {{.Name}}" : "name: {{.Name}}\\ndriver: {{.Driver}}\\n";
        }
        return format;
    }

    /**
     * The output of {@code volume ls} for a format: one execution per volume, each followed by a newline; for a
     * table a header row first and the columns aligned. A template that fails prints nothing.
     */
    static String ls(String format, boolean quiet, List<JsonNode> volumes) {
        String f = lsFormat(format, quiet);
        Template t;
        try {
            t = DockerTemplates.parse(DockerTemplates.preFormat(f));
        } catch (TemplateException.Parse e) {
            throw new BerthCli.CliException("template parsing error: " + e.getMessage());
        }
        StringBuilder rows = new StringBuilder();
        for (JsonNode v : volumes) {
            try {
                t.execute(rows, contextValue(v));
            } catch (TemplateException.Exec e) {
                throw new BerthCli.CliException("template parsing error: " + e.getMessage());
            }
            rows.append('\n');
        }
        if (!f.startsWith("table")) {
            return rows.toString();
        }
        StringBuilder header = new StringBuilder();
        try {
            t.withFuncs(DockerTemplates.HEADER).execute(header, headerValue());
        } catch (TemplateException.Exec e) {
            // docker ignores a header that fails and prints what it wrote before the error
        }
        StringBuilder out = new StringBuilder();
        TabWriter w = TabWriter.table(out);
        w.write(header.toString()).write("\n").write(rows.toString()).flush();
        return out.toString();
    }
}
