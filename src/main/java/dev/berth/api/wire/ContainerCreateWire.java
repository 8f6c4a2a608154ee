package dev.berth.api.wire;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: Docker's {@code Config} fields at top level plus
 * {@code HostConfig} and {@code NetworkingConfig}. Only the fields berth acts on are modelled; the rest is ignored
 * (and HostConfig is echoed as received). Immutable.
 */
public final class ContainerCreateWire {

    private ContainerCreateWire() {
    }

    @GoType("container.ContainerConfigWrapper")
    public record Body(String Hostname, String Domainname, String User, Boolean AttachStdin, Boolean AttachStdout,
                       Boolean AttachStderr, Map<String, Object> ExposedPorts, Boolean Tty, Boolean OpenStdin,
                       Boolean StdinOnce, List<String> Env, @GoType("strslice.StrSlice") Object Cmd, String Image,
                       Map<String, Object> Volumes, String WorkingDir, @GoType("strslice.StrSlice") Object Entrypoint,
                       Boolean NetworkDisabled, Map<String, String> Labels, String StopSignal, Integer StopTimeout,
                       HostConfig HostConfig) {

        /** {@code Cmd} as a list: Docker's StrSlice takes a string or an array of strings. */
        public List<String> cmd() {
            return strSlice(Cmd, "Cmd");
        }

        public List<String> entrypoint() {
            return strSlice(Entrypoint, "Entrypoint");
        }
    }

    @GoType("container.HostConfig")
    public record HostConfig(List<String> Binds, String NetworkMode, RestartPolicy RestartPolicy, Boolean AutoRemove,
                             String VolumeDriver, List<String> VolumesFrom, List<Long> ConsoleSize,
                             List<String> CapAdd, List<String> CapDrop, Boolean Privileged, Boolean ReadonlyRootfs,
                             Map<String, String> Tmpfs, Long ShmSize, List<Mount> Mounts) {
    }

    @GoType("container.RestartPolicy")
    public record RestartPolicy(String Name, Integer MaximumRetryCount) {
    }

    @GoType("mount.Mount")
    public record Mount(String Type, String Source, String Target, Boolean ReadOnly, String Consistency,
                        BindOptions BindOptions, VolumeOptions VolumeOptions, TmpfsOptions TmpfsOptions,
                        ImageOptions ImageOptions) {
    }

    @GoType("mount.BindOptions")
    public record BindOptions(String Propagation, Boolean NonRecursive, Boolean CreateMountpoint,
                              Boolean ReadOnlyNonRecursive, Boolean ReadOnlyForceRecursive) {
    }

    @GoType("mount.VolumeOptions")
    public record VolumeOptions(Boolean NoCopy, Map<String, String> Labels, String Subpath, DriverConfig DriverConfig) {
    }

    @GoType("mount.Driver")
    public record DriverConfig(String Name, Map<String, String> Options) {
    }

    @GoType("mount.TmpfsOptions")
    public record TmpfsOptions(Long SizeBytes, Long Mode, List<List<String>> Options) {
    }

    @GoType("mount.ImageOptions")
    public record ImageOptions(String Subpath) {
    }

    /** Docker's {@code StrSlice}: a JSON string or an array of strings. */
    private static List<String> strSlice(Object v, String field) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l) {
            List<String> out = new java.util.ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw new dev.berth.errors.InvalidArgumentException("invalid JSON: json: cannot unmarshal "
                            + GoKinds.of(o) + " into Go struct field ContainerConfigWrapper." + field
                            + " of type string");
                }
                out.add(s);
            }
            return out;
        }
        throw new dev.berth.errors.InvalidArgumentException("invalid JSON: json: cannot unmarshal " + GoKinds.of(v)
                + " into Go struct field ContainerConfigWrapper." + field + " of type strslice.StrSlice");
    }

    /** Go's names for JSON kinds in decode errors. */
    private static final class GoKinds {
        static String of(Object o) {
            return switch (o) {
                case String s -> "string";
                case Boolean b -> "bool";
                case Number n -> "number";
                case List<?> l -> "array";
                case null -> "null";
                default -> "object";
            };
        }
    }
}
