package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.util.ArrayList;
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

    public record Body(String Hostname, String Domainname, String User, Boolean AttachStdin, Boolean AttachStdout,
                       Boolean AttachStderr, Map<String, Object> ExposedPorts, Boolean Tty, Boolean OpenStdin,
                       Boolean StdinOnce, List<String> Env,
                       @JsonDeserialize(using = StrSlice.class) List<String> Cmd, String Image,
                       Map<String, Object> Volumes, String WorkingDir,
                       @JsonDeserialize(using = StrSlice.class) List<String> Entrypoint, Boolean NetworkDisabled,
                       Map<String, String> Labels, String StopSignal, Integer StopTimeout, HostConfig HostConfig) {
    }

    public record HostConfig(List<String> Binds, String NetworkMode, RestartPolicy RestartPolicy, Boolean AutoRemove,
                             String VolumeDriver, List<String> VolumesFrom, List<Long> ConsoleSize,
                             List<String> CapAdd, List<String> CapDrop, Boolean Privileged, Boolean ReadonlyRootfs,
                             Map<String, String> Tmpfs, Long ShmSize, List<Mount> Mounts) {
    }

    public record RestartPolicy(String Name, Integer MaximumRetryCount) {
    }

    public record Mount(String Type, String Source, String Target, Boolean ReadOnly, String Consistency,
                        BindOptions BindOptions, VolumeOptions VolumeOptions, TmpfsOptions TmpfsOptions,
                        ImageOptions ImageOptions) {
    }

    public record BindOptions(String Propagation, Boolean NonRecursive, Boolean CreateMountpoint,
                              Boolean ReadOnlyNonRecursive, Boolean ReadOnlyForceRecursive) {
    }

    public record VolumeOptions(Boolean NoCopy, Map<String, String> Labels, String Subpath, DriverConfig DriverConfig) {
    }

    public record DriverConfig(String Name, Map<String, String> Options) {
    }

    public record TmpfsOptions(Long SizeBytes, Long Mode, List<List<String>> Options) {
    }

    public record ImageOptions(String Subpath) {
    }

    /** Docker's {@code StrSlice}: a JSON string or an array of strings. */
    public static final class StrSlice extends JsonDeserializer<List<String>> {
        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return List.of(p.getText());
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                List<String> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(p.getValueAsString());
                }
                return out;
            }
            return (List<String>) ctx.handleUnexpectedToken(List.class, p);
        }

        @Override
        public List<String> getNullValue(DeserializationContext ctx) {
            return null;
        }
    }
}
