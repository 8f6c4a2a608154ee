package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.Rfc3339;
import dev.berth.system.SystemInfo;
import dev.berth.system.SystemService;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version}, {@code /info}. */
public final class SystemRoutes {

    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private final SystemService system;

    public SystemRoutes(SystemService system) {
        this.system = system;
    }

    public void register(Router r) {
        r.get("/_ping", Mode.INLINE, this::ping);
        r.head("/_ping", Mode.INLINE, this::ping);
        r.get("/version", Mode.INLINE, this::version);
        r.get("/info", Mode.INLINE, this::info);
    }

    private void ping(Exchange ex) {
        // Docker's ping answers carry these; the CLI reads Api-Version, Ostype and Swarm from them.
        ex.header("Cache-Control", "no-cache, no-store, must-revalidate").header("Pragma", "no-cache")
                .header("Swarm", "inactive").header("Builder-Version", "1");
        ex.send(HttpResponseStatus.OK, "text/plain; charset=utf-8", ex.method().name().equals("HEAD") ? null : OK);
    }

    private void version(Exchange ex) {
        SystemInfo i = system.info();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", i.apiVersion());
        details.put("Arch", i.goArch());
        details.put("BuildTime", "");
        details.put("Experimental", "false");
        details.put("GitCommit", "berth-" + i.berthVersion());
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", i.kernelVersion());
        details.put("MinAPIVersion", i.minApiVersion());
        details.put("Os", "linux");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "berth " + i.berthVersion()));
        v.put("Components", List.of(
                Map.of("Name", "Engine", "Version", i.engineVersion(), "Details", details),
                Map.of("Name", "berth", "Version", i.berthVersion(), "Details", Map.of()),
                Map.of("Name", "runc", "Version", i.runtimeVersion(), "Details",
                        Map.of("GitCommit", i.runtimeCommit()))));
        v.put("Version", i.engineVersion());
        v.put("ApiVersion", i.apiVersion());
        v.put("MinAPIVersion", i.minApiVersion());
        v.put("GitCommit", "berth-" + i.berthVersion());
        v.put("GoVersion", "java" + Runtime.version().feature());
        v.put("Os", "linux");
        v.put("Arch", i.goArch());
        v.put("KernelVersion", i.kernelVersion());
        v.put("BuildTime", "");
        ex.json(v);
    }

    private void info(Exchange ex) {
        SystemInfo i = system.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", i.id());
        m.put("Containers", i.counts().containers());
        m.put("ContainersRunning", i.counts().running());
        m.put("ContainersPaused", i.counts().paused());
        m.put("ContainersStopped", i.counts().stopped());
        m.put("Images", i.counts().images());
        m.put("Driver", "overlayfs");
        m.put("DriverStatus", List.of(List.of("Backing Filesystem", i.backingFilesystem())));
        m.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("host", "null"),
                "Authorization", List.of(), "Log", List.of("k8s-file")));
        m.put("MemoryLimit", false);
        m.put("SwapLimit", false);
        m.put("CpuCfsPeriod", false);
        m.put("CpuCfsQuota", false);
        m.put("CPUShares", false);
        m.put("CPUSet", false);
        m.put("PidsLimit", false);
        m.put("IPv4Forwarding", false);
        m.put("Debug", false);
        m.put("NFd", 0);
        m.put("OomKillDisable", false);
        m.put("NGoroutines", Thread.activeCount());
        m.put("SystemTime", Rfc3339.nanos(Instant.now()));
        m.put("LoggingDriver", "k8s-file");
        m.put("CgroupDriver", "cgroupfs");
        m.put("CgroupVersion", i.cgroupVersion());
        m.put("NEventsListener", 0);
        m.put("KernelVersion", i.kernelVersion());
        m.put("OperatingSystem", i.operatingSystem());
        m.put("OSVersion", i.osVersion());
        m.put("OSType", "linux");
        m.put("Architecture", i.architecture());
        m.put("IndexServerAddress", "https://index.docker.io/v1/");
        m.put("RegistryConfig", Map.of("IndexConfigs", Map.of(), "InsecureRegistryCIDRs", List.of(),
                "Mirrors", List.of()));
        m.put("NCPU", i.cpus());
        m.put("MemTotal", i.memTotal());
        m.put("GenericResources", null);
        m.put("DockerRootDir", i.dataRoot());
        m.put("HttpProxy", "");
        m.put("HttpsProxy", "");
        m.put("NoProxy", "");
        m.put("Name", i.hostname());
        m.put("Labels", List.of());
        m.put("ExperimentalBuild", false);
        m.put("ServerVersion", i.engineVersion());
        m.put("Runtimes", Map.of("runc", Map.of("path", i.runtimePath())));
        m.put("DefaultRuntime", "runc");
        m.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
                "Error", ""));
        m.put("LiveRestoreEnabled", true);
        m.put("Isolation", "");
        m.put("InitBinary", "");
        m.put("ContainerdCommit", Map.of("ID", ""));
        m.put("RuncCommit", Map.of("ID", i.runtimeCommit()));
        m.put("InitCommit", Map.of("ID", ""));
        m.put("SecurityOptions", List.of());
        m.put("CDISpecDirs", List.of());
        m.put("Warnings", List.of());
        ex.json(m);
    }

}
