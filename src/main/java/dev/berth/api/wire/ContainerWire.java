package dev.berth.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.container.ContainerConfig;
import dev.berth.container.ContainerState;
import dev.berth.container.ContainerStatus;
import dev.berth.container.ContainerView;
import dev.berth.json.Json;
import dev.berth.mount.ApiVersion;
import dev.berth.mount.InspectMount;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Containers in Docker's wire shapes: inspect ({@code ContainerJSON}) and list ({@code Container} summary). */
public final class ContainerWire {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerWire() {
    }

    public static Map<String, Object> inspect(ContainerView v, ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", v.id());
        m.put("Created", Rfc3339.nanos(v.created()));
        m.put("Path", v.path());
        m.put("Args", v.args());
        m.put("State", state(v.state()));
        m.put("Image", v.imageId());
        m.put("ResolvConfPath", v.resolvConfPath());
        m.put("HostnamePath", v.hostnamePath());
        m.put("HostsPath", v.hostsPath());
        m.put("LogPath", v.logPath());
        m.put("Name", v.name());
        m.put("RestartCount", v.restartCount());
        m.put("Driver", "overlayfs");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", null);
        m.put("HostConfig", hostConfig(v));
        m.put("GraphDriver", Map.of("Data", v.graphDriverData(), "Name", "overlayfs"));
        m.put("Mounts", mounts(v.mounts()));
        m.put("Config", config(v.config()));
        m.put("NetworkSettings", networkSettings(v.host().networkMode()));
        return m;
    }

    public static Map<String, Object> summary(ContainerView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", v.id());
        m.put("Names", List.of(v.name()));
        m.put("Image", v.imageRef());
        m.put("ImageID", v.imageId());
        m.put("Command", command(v));
        m.put("Created", v.created().getEpochSecond());
        m.put("Ports", List.of());
        m.put("Labels", v.config().labels() == null ? Map.of() : new TreeMap<>(v.config().labels()));
        m.put("State", v.state().status().wire());
        m.put("Status", status(v.state(), Instant.now()));
        m.put("HostConfig", Map.of("NetworkMode", v.host().networkMode()));
        m.put("NetworkSettings", Map.of("Networks", Map.of(v.host().networkMode(), endpoint())));
        m.put("Mounts", mounts(v.mounts()));
        return m;
    }

    private static String command(ContainerView v) {
        StringBuilder b = new StringBuilder(v.path());
        for (String a : v.args()) {
            // Docker quotes arguments that contain a space, nothing else.
            b.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        return b.toString();
    }

    /** Docker's human status: {@code Up 5 seconds}, {@code Exited (3) 2 minutes ago}, {@code Created}. */
    public static String status(ContainerState s, Instant now) {
        return switch (s.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + GoDuration.human(Duration.between(s.startedAt(), now));
            case PAUSED -> "Up " + GoDuration.human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") "
                    + GoDuration.human(Duration.between(s.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case EXITED -> s.finishedAt() == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + GoDuration.human(Duration.between(s.finishedAt(), now))
                    + " ago";
            case DEAD -> "Dead";
        };
    }

    private static Map<String, Object> state(ContainerState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", s.status().wire());
        m.put("Running", s.status() == ContainerStatus.RUNNING || s.status() == ContainerStatus.PAUSED);
        m.put("Paused", s.status() == ContainerStatus.PAUSED);
        m.put("Restarting", s.status() == ContainerStatus.RESTARTING);
        m.put("OOMKilled", s.oomKilled());
        m.put("Dead", s.status() == ContainerStatus.DEAD);
        m.put("Pid", s.pid());
        m.put("ExitCode", s.exitCode());
        m.put("Error", s.error());
        m.put("StartedAt", s.startedAt() == null ? ZERO_TIME : Rfc3339.nanos(s.startedAt()));
        m.put("FinishedAt", s.finishedAt() == null ? ZERO_TIME : Rfc3339.nanos(s.finishedAt()));
        return m;
    }

    static Map<String, Object> config(ContainerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", c.hostname());
        m.put("Domainname", c.domainname());
        m.put("User", c.user());
        m.put("AttachStdin", c.attachStdin());
        m.put("AttachStdout", c.attachStdout());
        m.put("AttachStderr", c.attachStderr());
        if (c.exposedPorts() != null && !c.exposedPorts().isEmpty()) {
            m.put("ExposedPorts", emptyObjects(c.exposedPorts()));
        }
        m.put("Tty", c.tty());
        m.put("OpenStdin", c.openStdin());
        m.put("StdinOnce", c.stdinOnce());
        m.put("Env", c.env());
        m.put("Cmd", c.cmd());
        m.put("Image", c.image());
        m.put("Volumes", c.volumes() == null ? null : emptyObjects(c.volumes()));
        m.put("WorkingDir", c.workingDir());
        m.put("Entrypoint", c.entrypoint());
        if (c.networkDisabled()) {
            m.put("NetworkDisabled", true);
        }
        m.put("OnBuild", null);
        m.put("Labels", c.labels() == null ? Map.of() : new TreeMap<>(c.labels()));
        if (c.stopSignal() != null) {
            m.put("StopSignal", c.stopSignal());
        }
        if (c.stopTimeout() != null) {
            m.put("StopTimeout", c.stopTimeout());
        }
        return m;
    }

    private static Map<String, Object> emptyObjects(Iterable<String> keys) {
        Map<String, Object> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, Map.of()));
        return m;
    }

    /** The HostConfig as the client sent it, with the defaults Docker fills in. */
    private static JsonNode hostConfig(ContainerView v) {
        ObjectNode h;
        try {
            JsonNode sent = v.hostConfigJson() == null ? null : Json.MAPPER.readTree(v.hostConfigJson());
            h = sent instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            h = Json.MAPPER.createObjectNode();
        }
        h.put("NetworkMode", v.host().networkMode());
        if (!h.hasNonNull("Binds")) {
            h.putNull("Binds");
        }
        if (!h.hasNonNull("LogConfig")) {
            ObjectNode log = h.putObject("LogConfig");
            log.put("Type", "k8s-file");
            log.putObject("Config");
        }
        if (!h.hasNonNull("RestartPolicy")) {
            ObjectNode rp = h.putObject("RestartPolicy");
            rp.put("Name", "no");
            rp.put("MaximumRetryCount", 0);
        }
        h.put("AutoRemove", v.host().autoRemove());
        if (!h.hasNonNull("VolumeDriver")) {
            h.put("VolumeDriver", "");
        }
        if (!h.hasNonNull("ShmSize") || h.get("ShmSize").asLong() == 0) {
            h.put("ShmSize", v.host().shmSize());
        }
        return h;
    }

    private static List<Map<String, Object>> mounts(List<InspectMount> mounts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (InspectMount m : mounts) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("Type", m.type());
            if (!m.name().isEmpty()) {
                x.put("Name", m.name());
            }
            x.put("Source", m.source());
            x.put("Destination", m.destination());
            if (!m.driver().isEmpty()) {
                x.put("Driver", m.driver());
            }
            x.put("Mode", m.mode());
            x.put("RW", m.rw());
            x.put("Propagation", m.propagation());
            out.add(x);
        }
        return out;
    }

    private static Map<String, Object> networkSettings(String mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", "");
        m.put("SandboxKey", "");
        m.put("Ports", Map.of());
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        m.put("EndpointID", "");
        m.put("Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", "");
        m.put("IPPrefixLen", 0);
        m.put("IPv6Gateway", "");
        m.put("MacAddress", "");
        m.put("Networks", Map.of(mode, endpoint()));
        return m;
    }

    private static Map<String, Object> endpoint() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("IPAMConfig", null);
        e.put("Links", null);
        e.put("Aliases", null);
        e.put("MacAddress", "");
        e.put("DriverOpts", null);
        e.put("NetworkID", "");
        e.put("EndpointID", "");
        e.put("Gateway", "");
        e.put("IPAddress", "");
        e.put("IPPrefixLen", 0);
        e.put("IPv6Gateway", "");
        e.put("GlobalIPv6Address", "");
        e.put("GlobalIPv6PrefixLen", 0);
        e.put("DNSNames", null);
        return e;
    }

    /** The header carrying a path's stat in the archive API's answers. */
    public static final String PATH_STAT_HEADER = "X-Docker-Container-Path-Stat";

    /** Docker's {@code PathStat} as JSON (Go's HTML-safe encoder), base64 with padding, as the header carries it. */
    public static String pathStatHeader(dev.berth.archive.TreeArchive.PathStat stat) {
        byte[] json = VolumeWire.write(g -> {
            g.writeStartObject();
            g.writeStringField("name", stat.name());
            g.writeNumberField("size", stat.size());
            g.writeNumberField("mode", stat.mode());
            g.writeStringField("mtime", Rfc3339.nanos(stat.mtime()));
            g.writeStringField("linkTarget", stat.linkTarget());
            g.writeEndObject();
        }, dev.berth.json.Json.GO_HTML_SAFE_ESCAPES);
        return java.util.Base64.getEncoder().encodeToString(json);
    }
}
