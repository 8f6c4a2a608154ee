package dev.berth.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.berth.mount.MountSpec;

import java.util.List;
import java.util.Map;

/**
 * The parts of a container's {@code HostConfig} berth acts on. (Inspect echoes the whole HostConfig as the client
 * sent it.) {@code mounts} is only needed at create and is not persisted. Immutable and thread-safe.
 *
 * @param networkMode {@code none}, {@code host}, or {@code bridge} (default; behaves as none until networking)
 */
public record HostSettings(List<String> binds, @JsonIgnore List<MountSpec> mounts, Map<String, String> tmpfs,
                           List<String> volumesFrom, String volumeDriver, boolean autoRemove, String networkMode,
                           boolean readonlyRootfs, long shmSize, RestartPolicy restartPolicy, boolean privileged,
                           List<String> capAdd, List<String> capDrop, long consoleHeight, long consoleWidth) {

    /** Docker's default /dev/shm size, 64 MiB. */
    public static final long DEFAULT_SHM = 64L << 20;

    public HostSettings {
        binds = binds == null ? List.of() : List.copyOf(binds);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        networkMode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default")
                ? "bridge" : networkMode;
        shmSize = shmSize <= 0 ? DEFAULT_SHM : shmSize;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    }

    /** {@code --restart}: name {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure}. */
    public record RestartPolicy(String name, int maximumRetryCount) {
        public static final RestartPolicy NO = new RestartPolicy("no", 0);

        public RestartPolicy {
            name = name == null || name.isEmpty() ? "no" : name;
        }

        public boolean isNone() {
            return name.equals("no");
        }
    }
}
