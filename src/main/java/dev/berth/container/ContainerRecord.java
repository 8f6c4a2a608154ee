package dev.berth.container;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything berth keeps about one container, as persisted in the metadata database: identity, the merged
 * configuration, host settings, the HostConfig the client sent (echoed by inspect), the resolved mount points and
 * the run state. Immutable and thread-safe; a change makes a new record.
 *
 * @param tmpfs            HostConfig.Tmpfs, mounted at start but not listed as mount points (as Docker)
 * @param hasBeenStarted   whether the container ever ran (restart after exit reuses its mounts)
 */
record ContainerRecord(String id, String name, Instant created, String path, List<String> args, String imageRef,
                       String imageId, ContainerConfig config, HostSettings host, String hostConfigJson,
                       List<StoredMount> mounts, Map<String, String> tmpfs, ContainerState state, int restartCount,
                       boolean hasBeenStarted, String logPath) {

    ContainerRecord {
        args = List.copyOf(args);
        mounts = List.copyOf(mounts);
        tmpfs = Map.copyOf(tmpfs);
    }

    ContainerRecord withState(ContainerState s) {
        return new ContainerRecord(id, name, created, path, args, imageRef, imageId, config, host, hostConfigJson,
                mounts, tmpfs, s, restartCount, hasBeenStarted || s.status() == ContainerStatus.RUNNING, logPath);
    }

    ContainerRecord withName(String n) {
        return new ContainerRecord(id, n, created, path, args, imageRef, imageId, config, host, hostConfigJson,
                mounts, tmpfs, state, restartCount, hasBeenStarted, logPath);
    }

    ContainerRecord withRestartCount(int count) {
        return new ContainerRecord(id, name, created, path, args, imageRef, imageId, config, host, hostConfigJson,
                mounts, tmpfs, state, count, hasBeenStarted, logPath);
    }

    @JsonIgnore
    String shortId() {
        return id.substring(0, 12);
    }
}
