package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.berth.image.ImageConfig;
import dev.berth.mount.ApiVersion;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The {@code Config} of image inspect as Docker 28 writes it: the image's run defaults in the Docker/OCI image-config
 * shape (empty fields omitted), backfilled with the fields that older responses always carried ({@code null} or
 * {@code ""}; a larger set for API &lt; 1.50), keys sorted because Docker merges them through a map. Also the
 * all-zero {@code ContainerConfig} of API &lt; 1.45. Stateless and thread-safe.
 */
final class ImageConfigWire {

    private static final ApiVersion V1_50 = new ApiVersion(1, 50);

    /** Fields API 1.50 and later always carry (moby's backfill for clients that expect them). */
    private static final Map<String, Object> BACKFILL = backfill(false);
    /** Fields API 1.49 and older always carried (from the container.Config type the response used to have). */
    private static final Map<String, Object> BACKFILL_1_49 = backfill(true);

    private ImageConfigWire() {
    }

    static void write(JsonGenerator g, ImageConfig c, ApiVersion v) throws IOException {
        TreeMap<String, Object> fields = new TreeMap<>(v.isBefore(V1_50) ? BACKFILL_1_49 : BACKFILL);
        putIf(fields, "User", c.user(), !c.user().isEmpty());
        putIf(fields, "ExposedPorts", c.exposedPorts(), !c.exposedPorts().isEmpty());
        putIf(fields, "Env", c.env(), !c.env().isEmpty());
        putIf(fields, "Entrypoint", c.entrypoint(), c.entrypoint() != null && !c.entrypoint().isEmpty());
        putIf(fields, "Cmd", c.cmd(), c.cmd() != null && !c.cmd().isEmpty());
        putIf(fields, "Volumes", c.volumes(), !c.volumes().isEmpty());
        putIf(fields, "WorkingDir", c.workingDir(), !c.workingDir().isEmpty());
        putIf(fields, "Labels", c.labels(), !c.labels().isEmpty());
        putIf(fields, "StopSignal", c.stopSignal(), !c.stopSignal().isEmpty());
        putIf(fields, "ArgsEscaped", Boolean.TRUE, c.argsEscaped());
        if (c.healthcheck() != null) {
            fields.put("Healthcheck", healthcheck(c.healthcheck()));
        }
        putIf(fields, "OnBuild", c.onBuild(), !c.onBuild().isEmpty());
        putIf(fields, "Shell", c.shell(), c.shell() != null && !c.shell().isEmpty());
        value(g, fields);
    }

    /** The zero {@code container.Config} Docker reports as {@code ContainerConfig} before API 1.45. */
    static void writeEmptyContainerConfig(JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (String f : List.of("Hostname", "Domainname", "User")) {
            g.writeStringField(f, "");
        }
        for (String f : List.of("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce")) {
            g.writeBooleanField(f, false);
        }
        g.writeNullField("Env");
        g.writeNullField("Cmd");
        g.writeStringField("Image", "");
        g.writeNullField("Volumes");
        g.writeStringField("WorkingDir", "");
        g.writeNullField("Entrypoint");
        g.writeNullField("OnBuild");
        g.writeNullField("Labels");
        g.writeEndObject();
    }

    private static Map<String, Object> healthcheck(ImageConfig.Healthcheck h) {
        TreeMap<String, Object> m = new TreeMap<>();
        putIf(m, "Test", h.test(), h.test() != null && !h.test().isEmpty());
        putIf(m, "Interval", h.interval(), h.interval() != 0);
        putIf(m, "Timeout", h.timeout(), h.timeout() != 0);
        putIf(m, "StartPeriod", h.startPeriod(), h.startPeriod() != 0);
        putIf(m, "StartInterval", h.startInterval(), h.startInterval() != 0);
        putIf(m, "Retries", (long) h.retries(), h.retries() != 0);
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value, boolean present) {
        if (present) {
            m.put(key, value);
        }
    }

    private static Map<String, Object> backfill(boolean v149) {
        TreeMap<String, Object> m = new TreeMap<>();
        for (String f : List.of("Cmd", "Entrypoint", "Env", "Labels", "OnBuild", "Volumes")) {
            m.put(f, null);
        }
        m.put("User", "");
        m.put("WorkingDir", "");
        if (v149) {
            for (String f : List.of("AttachStderr", "AttachStdin", "AttachStdout", "OpenStdin", "StdinOnce", "Tty")) {
                m.put(f, Boolean.FALSE);
            }
            m.put("Domainname", "");
            m.put("Hostname", "");
            m.put("Image", "");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Writes the few value kinds an image config holds; a set is Go's {@code map[string]struct{}}. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Long n -> g.writeNumber(n);
            case SortedSet<?> set -> {
                g.writeStartObject();
                for (Object k : set) {
                    g.writeObjectFieldStart(k.toString());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            case Collection<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    g.writeString(o.toString());
                }
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                    g.writeFieldName(e.getKey().toString());
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("unexpected config value " + v.getClass());
        }
    }
}
