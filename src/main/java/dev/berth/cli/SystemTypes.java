package dev.berth.cli;

import dev.berth.gotext.template.GoJson;
import dev.berth.gotext.template.GoType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Go types {@code docker version} and {@code docker info} templates run over, with docker 28's field order,
 * types and JSON tags: the API's {@code types.Version} and {@code system.Info} (with the swarm, registry and runtime
 * types inside), and the CLI's wrappers around them. Types that are always nil from berth (cluster, firewall,
 * containerd) list only their field names, which decide between "nil pointer" and "can't evaluate field" errors.
 */
final class SystemTypes {

    private static final GoType S = GoType.STRING;
    private static final GoType STRINGS = GoType.sliceOf(S);
    private static final GoType PAIRS = GoType.sliceOf(GoType.arrayOf(2, S));

    private SystemTypes() {
    }

    // ---- docker version

    static final GoType COMPONENT = GoType.struct("types.ComponentVersion")
            .field("Name", S).field("Version", S)
            .field("Details", GoType.mapOf(S, S), "Details", true).freeze();

    static final GoType SERVER_VERSION = GoType.struct("types.Version")
            .field("Platform", GoType.anonymousStruct().field("Name", S).freeze())
            .field("Components", GoType.sliceOf(COMPONENT), "Components", true)
            .field("Version", S)
            .field("APIVersion", S, "ApiVersion", false)
            .field("MinAPIVersion", S, "MinAPIVersion", true)
            .field("GitCommit", S).field("GoVersion", S).field("Os", S).field("Arch", S)
            .field("KernelVersion", S, "KernelVersion", true)
            .field("Experimental", GoType.BOOL, "Experimental", true)
            .field("BuildTime", S, "BuildTime", true).freeze();

    static final GoType PLATFORM_INFO = GoType.struct("system.platformInfo").field("Name", S, "Name", true).freeze();

    static final GoType CLIENT_VERSION = GoType.struct("system.clientVersion")
            .field("Platform", GoType.pointerTo(PLATFORM_INFO), "Platform", true)
            .field("Version", S, "Version", true)
            .field("APIVersion", S, "ApiVersion", true)
            .field("DefaultAPIVersion", S, "DefaultAPIVersion", true)
            .field("GitCommit", S, "GitCommit", true)
            .field("GoVersion", S, "GoVersion", true)
            .field("Os", S, "Os", true)
            .field("Arch", S, "Arch", true)
            .field("BuildTime", S, "BuildTime", true)
            .field("Context", S, "Context", false).freeze();

    static final GoType VERSION_INFO = GoType.struct("system.versionInfo")
            .field("Client", CLIENT_VERSION)
            .field("Server", GoType.pointerTo(SERVER_VERSION)).freeze();

    // ---- docker info

    private static final GoType TIME = GoType.struct("time.Time").freeze();
    private static final GoType META = GoType.struct("swarm.Meta")
            .field("Version", GoType.struct("swarm.Version").field("Index", GoType.UINT64).freeze())
            .field("CreatedAt", TIME).field("UpdatedAt", TIME).freeze();
    private static final GoType CLUSTER_INFO = GoType.struct("swarm.ClusterInfo")
            .field("ID", S).embed("Meta", META, false)
            .field("Spec", GoType.struct("swarm.Spec").freeze())
            .field("TLSInfo", GoType.struct("swarm.TLSInfo").freeze())
            .field("RootRotationInProgress", GoType.BOOL)
            .field("DefaultAddrPool", GoType.sliceOf(GoType.struct("netip.Prefix").freeze()))
            .field("SubnetSize", GoType.UINT32).field("DataPathPort", GoType.UINT32).freeze();
    private static final GoType PEER = GoType.struct("swarm.Peer").field("NodeID", S).field("Addr", S).freeze();
    private static final GoType SWARM_INFO = GoType.struct("swarm.Info")
            .field("NodeID", S).field("NodeAddr", S)
            .field("LocalNodeState", GoType.named("swarm.LocalNodeState", S).freeze())
            .field("ControlAvailable", GoType.BOOL).field("Error", S)
            .field("RemoteManagers", GoType.sliceOf(PEER))
            .field("Nodes", GoType.INT, "Nodes", true).field("Managers", GoType.INT, "Managers", true)
            .field("Cluster", GoType.pointerTo(CLUSTER_INFO), "Cluster", true)
            .field("Warnings", STRINGS, "Warnings", true).freeze();

    private static final GoType NET_IP_NET = GoType.named("registry.NetIPNet", S)
            .stringer(v -> v.str()).jsonMarshaler(v -> v.str()).freeze();
    private static final GoType INDEX_INFO = GoType.struct("registry.IndexInfo")
            .field("Name", S).field("Mirrors", STRINGS).field("Secure", GoType.BOOL).field("Official", GoType.BOOL)
            .freeze();
    private static final GoType SERVICE_CONFIG = serviceConfig();

    private static GoType serviceConfig() {
        GoType cidrs = GoType.sliceOf(GoType.pointerTo(NET_IP_NET));
        GoType t = GoType.struct("registry.ServiceConfig")
                .field("AllowNondistributableArtifactsCIDRs", cidrs, "AllowNondistributableArtifactsCIDRs", true)
                .field("AllowNondistributableArtifactsHostnames", STRINGS, "AllowNondistributableArtifactsHostnames", true)
                .field("InsecureRegistryCIDRs", cidrs)
                .field("IndexConfigs", GoType.mapOf(S, GoType.pointerTo(INDEX_INFO)))
                .field("Mirrors", STRINGS)
                .field("ExtraFields", GoType.mapOf(S, GoType.ANY), null, false);
        // Its MarshalJSON re-encodes the fields through a map: the keys come out sorted, nested ones too.
        t.jsonMarshaler(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String f : List.of("AllowNondistributableArtifactsCIDRs", "AllowNondistributableArtifactsHostnames")) {
                if (v.field(f).len() > 0) {
                    m.put(f, GoJson.toGeneric(v.field(f)));
                }
            }
            for (String f : List.of("InsecureRegistryCIDRs", "IndexConfigs", "Mirrors")) {
                m.put(f, GoJson.toGeneric(v.field(f)));
            }
            v.field("ExtraFields").map().forEach((k, x) -> m.put(String.valueOf(k), GoJson.toGeneric(x)));
            return m;
        });
        return t.freeze();
    }

    private static final GoType RUNTIME = GoType.struct("system.Runtime")
            .field("Path", S, "path", true).field("Args", STRINGS, "runtimeArgs", true)
            .field("Type", S, "runtimeType", true)
            .field("Options", GoType.mapOf(S, GoType.ANY), "options", true).freeze();
    private static final GoType RUNTIME_WITH_STATUS = GoType.struct("system.RuntimeWithStatus")
            .embed("Runtime", RUNTIME, false)
            .field("Status", GoType.mapOf(S, S), "status", true).freeze();
    private static final GoType COMMIT = GoType.struct("system.Commit")
            .field("ID", S).field("Expected", S, "Expected", true).freeze();
    private static final GoType PLUGINS_INFO = GoType.struct("system.PluginsInfo")
            .field("Volume", STRINGS).field("Network", STRINGS).field("Authorization", STRINGS).field("Log", STRINGS)
            .freeze();
    private static final GoType ADDRESS_POOL = GoType.struct("system.NetworkAddressPool")
            .field("Base", S).field("Size", GoType.INT).freeze();
    private static final GoType FIREWALL_INFO = GoType.struct("system.FirewallInfo")
            .field("Driver", S).field("Info", PAIRS, "Info", true).freeze();
    private static final GoType CONTAINERD_INFO = GoType.struct("system.ContainerdInfo")
            .field("Address", S, "Address", true)
            .field("Namespaces", GoType.struct("system.ContainerdNamespaces").field("Containers", S)
                    .field("Plugins", S).freeze()).freeze();
    private static final GoType DEVICE_INFO = GoType.struct("system.DeviceInfo").field("Source", S).field("ID", S)
            .freeze();
    private static final GoType GENERIC_RESOURCE = GoType.struct("swarm.GenericResource")
            .field("NamedResourceSpec", GoType.pointerTo(GoType.struct("swarm.NamedGenericResource").freeze()),
                    "NamedResourceSpec", true)
            .field("DiscreteResourceSpec", GoType.pointerTo(GoType.struct("swarm.DiscreteGenericResource").freeze()),
                    "DiscreteResourceSpec", true).freeze();

    static final GoType INFO = GoType.struct("system.Info")
            .field("ID", S).field("Containers", GoType.INT).field("ContainersRunning", GoType.INT)
            .field("ContainersPaused", GoType.INT).field("ContainersStopped", GoType.INT).field("Images", GoType.INT)
            .field("Driver", S).field("DriverStatus", PAIRS)
            .field("SystemStatus", PAIRS, "SystemStatus", true)
            .field("Plugins", PLUGINS_INFO)
            .field("MemoryLimit", GoType.BOOL).field("SwapLimit", GoType.BOOL)
            .field("KernelMemory", GoType.BOOL, "KernelMemory", true)
            .field("KernelMemoryTCP", GoType.BOOL, "KernelMemoryTCP", true)
            .field("CPUCfsPeriod", GoType.BOOL, "CpuCfsPeriod", false)
            .field("CPUCfsQuota", GoType.BOOL, "CpuCfsQuota", false)
            .field("CPUShares", GoType.BOOL).field("CPUSet", GoType.BOOL).field("PidsLimit", GoType.BOOL)
            .field("IPv4Forwarding", GoType.BOOL).field("Debug", GoType.BOOL).field("NFd", GoType.INT)
            .field("OomKillDisable", GoType.BOOL).field("NGoroutines", GoType.INT).field("SystemTime", S)
            .field("LoggingDriver", S).field("CgroupDriver", S)
            .field("CgroupVersion", S, "CgroupVersion", true)
            .field("NEventsListener", GoType.INT).field("KernelVersion", S).field("OperatingSystem", S)
            .field("OSVersion", S).field("OSType", S).field("Architecture", S).field("IndexServerAddress", S)
            .field("RegistryConfig", GoType.pointerTo(SERVICE_CONFIG))
            .field("NCPU", GoType.INT).field("MemTotal", GoType.INT64)
            .field("GenericResources", GoType.sliceOf(GENERIC_RESOURCE))
            .field("DockerRootDir", S)
            .field("HTTPProxy", S, "HttpProxy", false).field("HTTPSProxy", S, "HttpsProxy", false)
            .field("NoProxy", S).field("Name", S).field("Labels", STRINGS).field("ExperimentalBuild", GoType.BOOL)
            .field("ServerVersion", S)
            .field("Runtimes", GoType.mapOf(S, RUNTIME_WITH_STATUS))
            .field("DefaultRuntime", S)
            .field("Swarm", SWARM_INFO)
            .field("LiveRestoreEnabled", GoType.BOOL)
            .field("Isolation", GoType.named("container.Isolation", S).freeze())
            .field("InitBinary", S)
            .field("ContainerdCommit", COMMIT).field("RuncCommit", COMMIT).field("InitCommit", COMMIT)
            .field("SecurityOptions", STRINGS)
            .field("ProductLicense", S, "ProductLicense", true)
            .field("DefaultAddressPools", GoType.sliceOf(ADDRESS_POOL), "DefaultAddressPools", true)
            .field("FirewallBackend", GoType.pointerTo(FIREWALL_INFO), "FirewallBackend", true)
            .field("CDISpecDirs", STRINGS)
            .field("DiscoveredDevices", GoType.sliceOf(DEVICE_INFO), "DiscoveredDevices", true)
            .field("Containerd", GoType.pointerTo(CONTAINERD_INFO), "Containerd", true)
            .field("Warnings", STRINGS).freeze();

    /** A docker CLI plugin; berth has none, so the list is always empty. */
    private static final GoType CLI_PLUGIN = GoType.struct("manager.Plugin").field("Name", S).field("Path", S)
            .freeze();

    static final GoType CLIENT_INFO = GoType.struct("system.clientInfo")
            .field("Debug", GoType.BOOL)
            .embed("clientVersion", CLIENT_VERSION, false)
            .field("Plugins", GoType.sliceOf(CLI_PLUGIN))
            .field("Warnings", STRINGS).freeze();

    static final GoType DOCKER_INFO = GoType.struct("system.dockerInfo")
            .embed("Info", GoType.pointerTo(INFO), true)
            .field("ServerErrors", STRINGS, "ServerErrors", true)
            .field("UserName", S, null, false)
            .field("ClientInfo", GoType.pointerTo(CLIENT_INFO), "ClientInfo", true)
            .field("ClientErrors", STRINGS, "ClientErrors", true).freeze();

    /** What needsServerInfo tries first: only the client's side, to skip the daemon when a template needs no more. */
    static final GoType SPARSE_INFO = GoType.struct("system.sparseInfo")
            .field("ClientInfo", GoType.pointerTo(CLIENT_INFO), "ClientInfo", true)
            .field("ClientErrors", STRINGS, "ClientErrors", true).freeze();
}
