package dev.berth.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.berth.errors.InternalException;
import dev.berth.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI runtime-spec {@code config.json} (version 1.0.2) as runc reads it: the process, the root filesystem, the
 * mounts in the order the runtime makes them, and the Linux namespaces, cgroup and device rules. Build one with
 * {@link #builder()}, which starts from Docker's defaults. Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts,
                      Linux linux) {

    public static final String VERSION = "1.0.2";

    public OciSpec {
        Objects.requireNonNull(ociVersion, "ociVersion");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(root, "root");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(linux, "linux");
    }

    /** A builder preloaded with Docker's defaults (capabilities, mounts, masked paths, device rules). */
    public static Builder builder() {
        return new Builder(HostLimits.current(), DockerDefaults.maskedPaths());
    }

    /** The spec as runc's {@code config.json}. */
    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot serialise OCI spec", e);
        }
    }

    /** Writes {@code config.json} into the bundle directory atomically (temp file, rename). */
    public void writeTo(Path bundleDir) {
        Path target = bundleDir.resolve("config.json");
        Path tmp = bundleDir.resolve(".config.json.tmp");
        try {
            // No fsync: the bundle is written anew at every start and runc reads it at once; the rename only keeps
            // a reader from seeing half a file.
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The container's init process. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(boolean terminal, ConsoleSize consoleSize, User user, List<String> args, List<String> env,
                          String cwd, Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges,
                          Integer oomScoreAdj) {
        public Process {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("process args must not be empty");
            }
            env = List.copyOf(env);
            Objects.requireNonNull(cwd, "cwd");
            Objects.requireNonNull(user, "user");
            rlimits = rlimits == null || rlimits.isEmpty() ? null : List.copyOf(rlimits);
        }
    }

    /** Initial terminal size of a TTY process. */
    public record ConsoleSize(int height, int width) {
    }

    /** The uid, gid and supplementary gids the process runs as. */
    public record User(int uid, int gid, List<Integer> additionalGids) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /** The five capability sets; Docker fills bounding, effective and permitted with the same list. */
    public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                               List<String> permitted, List<String> ambient) {
        public Capabilities {
            bounding = List.copyOf(bounding);
            effective = List.copyOf(effective);
            inheritable = List.copyOf(inheritable);
            permitted = List.copyOf(permitted);
            ambient = List.copyOf(ambient);
        }
    }

    /** One resource limit, e.g. {@code RLIMIT_NOFILE}. Values are unsigned; -1 is unlimited (2^64-1). */
    public record Rlimit(String type, @JsonSerialize(using = UnsignedLong.class) long hard,
                         @JsonSerialize(using = UnsignedLong.class) long soft) {
        public Rlimit {
            if (!type.startsWith("RLIMIT_")) {
                throw new IllegalArgumentException("rlimit type must start with RLIMIT_: " + type);
            }
            if (Long.compareUnsigned(soft, hard) > 0) {
                throw new IllegalArgumentException("rlimit " + type + ": soft " + Long.toUnsignedString(soft)
                        + " above hard " + Long.toUnsignedString(hard));
            }
        }
    }

    /** Writes a long as the unsigned 64-bit number runc expects. */
    static final class UnsignedLong extends StdSerializer<Long> {
        UnsignedLong() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(Long.toUnsignedString(value));
        }
    }

    /** The root filesystem: a path (absolute, or relative to the bundle) and whether it is mounted read-only. */
    public record Root(String path, boolean readonly) {
        public Root {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * One mount, made by the runtime in list order. {@code options} are mount flags, propagation and recursive
     * attributes ({@code rro}); anything else is passed to mount(2) as filesystem data (e.g. tmpfs {@code size=}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            if (destination == null || !destination.startsWith("/")) {
                throw new IllegalArgumentException("mount destination must be absolute: " + destination);
            }
            options = options == null ? List.of() : List.copyOf(options);
        }

        Mount withOption(String option) {
            List<String> more = new ArrayList<>(options);
            more.add(option);
            return new Mount(destination, type, source, more);
        }
    }

    /** The Linux-specific part. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(Map<String, String> sysctl, Resources resources, String cgroupsPath,
                        List<Namespace> namespaces, String rootfsPropagation, List<String> maskedPaths,
                        List<String> readonlyPaths) {
        public Linux {
            sysctl = sysctl == null || sysctl.isEmpty() ? null : Map.copyOf(sysctl);
            namespaces = List.copyOf(namespaces);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
            rootfsPropagation = rootfsPropagation == null || rootfsPropagation.isEmpty() ? null : rootfsPropagation;
        }
    }

    /** A namespace to create ({@code path} null) or join ({@code path} of an existing one). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {
        public Namespace {
            Objects.requireNonNull(type, "type");
        }
    }

    /** Cgroup resources; berth sets only the device rules, as Docker does by default. */
    public record Resources(List<DeviceRule> devices) {
        public Resources {
            devices = List.copyOf(devices);
        }
    }

    /** One device-cgroup rule; a null type/major/minor matches all. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    }

    /**
     * Builds an {@link OciSpec}, starting from Docker's defaults: default capabilities, default mounts with a
     * 64 MiB {@code /dev/shm}, new mount/network/uts/pid/ipc namespaces, Docker's masked and read-only paths and
     * device rules, no rlimits, no sysctls. Only {@link #args} and {@link #rootfs} are required. Not thread-safe.
     */
    public static final class Builder {

        private final HostLimits hostLimits;
        private List<String> args = List.of();
        private List<String> env = List.of();
        private String cwd = "/";
        private User user = new User(0, 0, List.of());
        private boolean terminal;
        private ConsoleSize consoleSize;
        private List<String> capabilities = DockerDefaults.CAPABILITIES;
        private final List<Rlimit> rlimits = new ArrayList<>();
        private boolean noNewPrivileges;
        private Integer oomScoreAdj = 0;
        private String rootPath;
        private boolean readonlyRootfs;
        private String hostname;
        private long shmSize = DockerDefaults.DEFAULT_SHM_SIZE;
        private final List<Mount> mounts = new ArrayList<>();
        private final Map<NamespaceType, String> namespaces = new EnumMap<>(NamespaceType.class);
        private String cgroupsPath;
        private String rootfsPropagation;
        private List<String> maskedPaths;
        private List<String> readonlyPaths = DockerDefaults.READONLY_PATHS;
        private Map<String, String> sysctl = Map.of();

        Builder(HostLimits hostLimits, List<String> maskedPaths) {
            this.hostLimits = hostLimits;
            this.maskedPaths = maskedPaths;
            // Docker's order: mount, network, uts, pid, ipc; a null value means "create a new one".
            for (NamespaceType t : List.of(NamespaceType.MOUNT, NamespaceType.NETWORK, NamespaceType.UTS,
                    NamespaceType.PID, NamespaceType.IPC)) {
                namespaces.put(t, null);
            }
        }

        public Builder args(List<String> args) {
            this.args = List.copyOf(args);
            return this;
        }

        public Builder env(List<String> env) {
            this.env = List.copyOf(env);
            return this;
        }

        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        public Builder user(int uid, int gid, List<Integer> additionalGids) {
            this.user = new User(uid, gid, additionalGids);
            return this;
        }

        public Builder terminal(boolean terminal) {
            this.terminal = terminal;
            return this;
        }

        /** Initial size of the TTY (only meaningful with {@link #terminal}). */
        public Builder consoleSize(int height, int width) {
            this.consoleSize = new ConsoleSize(height, width);
            return this;
        }

        /** Replaces Docker's default capability set (bounding, effective and permitted all get this list). */
        public Builder capabilities(List<String> capabilities) {
            this.capabilities = List.copyOf(capabilities);
            return this;
        }

        /**
         * Adds an rlimit; both values are capped to this host's hard limit for that resource, since runc cannot
         * raise a limit above what it inherited. -1 means unlimited.
         */
        public Builder rlimit(String type, long soft, long hard) {
            rlimits.removeIf(r -> r.type().equals(type));
            rlimits.add(hostLimits.cap(type, soft, hard));
            return this;
        }

        public Builder noNewPrivileges(boolean noNewPrivileges) {
            this.noNewPrivileges = noNewPrivileges;
            return this;
        }

        public Builder oomScoreAdj(Integer oomScoreAdj) {
            this.oomScoreAdj = oomScoreAdj;
            return this;
        }

        /** The root filesystem directory (absolute, or relative to the bundle). */
        public Builder rootfs(Path path) {
            this.rootPath = path.toString();
            return this;
        }

        /** Docker's {@code --read-only}: the rootfs and the defaults a container need not write are read-only. */
        public Builder readonlyRootfs(boolean readonly) {
            this.readonlyRootfs = readonly;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Size of {@code /dev/shm} in bytes (Docker's {@code ShmSize}, 64 MiB by default). */
        public Builder shmSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("shm size must be positive: " + bytes);
            }
            this.shmSize = bytes;
            return this;
        }

        /**
         * The container's own mounts, already sorted parents-first; they come after the defaults, replace a
         * default with the same destination, and a {@code /dev} mount replaces every default under {@code /dev}.
         */
        public Builder mounts(List<Mount> mounts) {
            this.mounts.clear();
            this.mounts.addAll(mounts);
            return this;
        }

        /**
         * Docker's network mode: {@code host} shares the host's network namespace; {@code none}, {@code bridge},
         * {@code default} (and user network names) get a fresh namespace with only a loopback interface. To join
         * another container's namespace use {@link #joinNamespace}.
         */
        public Builder networkMode(String mode) {
            if (mode != null && mode.startsWith("container:")) {
                throw new IllegalArgumentException("resolve " + mode + " to a namespace path and use joinNamespace");
            }
            if ("host".equals(mode)) {
                return hostNamespace(NamespaceType.NETWORK);
            }
            namespaces.put(NamespaceType.NETWORK, null);
            return this;
        }

        /** Shares the host's namespace of this type (no entry in the spec). */
        public Builder hostNamespace(NamespaceType type) {
            namespaces.remove(type);
            return this;
        }

        /** Joins an existing namespace, e.g. {@code /proc/<pid>/ns/net}. */
        public Builder joinNamespace(NamespaceType type, String path) {
            namespaces.put(type, path);
            return this;
        }

        /** {@code shared}, {@code slave}, {@code private}, their {@code r} forms, or empty for runc's default. */
        public Builder rootfsPropagation(String propagation) {
            this.rootfsPropagation = propagation;
            return this;
        }

        /** The cgroup path runc uses under every hierarchy, e.g. {@code /berth/<id>}. */
        public Builder cgroupsPath(String cgroupsPath) {
            this.cgroupsPath = cgroupsPath;
            return this;
        }

        /** Replaces Docker's default masked paths (HostConfig.MaskedPaths). */
        public Builder maskedPaths(List<String> paths) {
            this.maskedPaths = List.copyOf(paths);
            return this;
        }

        /** Replaces Docker's default read-only paths (HostConfig.ReadonlyPaths). */
        public Builder readonlyPaths(List<String> paths) {
            this.readonlyPaths = List.copyOf(paths);
            return this;
        }

        public Builder sysctl(Map<String, String> sysctl) {
            this.sysctl = Map.copyOf(sysctl);
            return this;
        }

        public OciSpec build() {
            if (rootPath == null) {
                throw new IllegalStateException("rootfs is required");
            }
            Root root = new Root(rootPath, readonlyRootfs);
            Capabilities caps = new Capabilities(capabilities, capabilities, List.of(), capabilities, List.of());
            Process process = new Process(terminal, terminal ? consoleSize : null, user, args, env, cwd, caps,
                    rlimits, noNewPrivileges, oomScoreAdj);
            List<Namespace> ns = new ArrayList<>();
            namespaces.forEach((type, path) -> ns.add(new Namespace(type.specName(), path)));
            // runc refuses a hostname without a private UTS namespace.
            String host = namespaces.containsKey(NamespaceType.UTS) && namespaces.get(NamespaceType.UTS) == null
                    ? hostname : null;
            Linux linux = new Linux(sysctl, new Resources(DockerDefaults.DEVICE_RULES), cgroupsPath, ns,
                    rootfsPropagation, maskedPaths, readonlyPaths);
            List<Mount> all = SpecMounts.merge(DockerDefaults.mounts(shmSize), mounts, root.readonly());
            return new OciSpec(VERSION, process, root, host, all, linux);
        }
    }
}
