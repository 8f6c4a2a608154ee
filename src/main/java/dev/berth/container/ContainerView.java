package dev.berth.container;

import dev.berth.mount.InspectMount;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the API reports it (inspect and list). Immutable and thread-safe.
 *
 * @param name              with Docker's leading slash
 * @param hostConfigJson    the HostConfig the client sent, to echo back
 * @param mounts            inspect's {@code Mounts} (HostConfig.Tmpfs entries are not listed, as in Docker)
 * @param volumeNames       names of the volumes it mounts, and their destinations
 */
public record ContainerView(String id, String name, Instant created, String path, List<String> args,
                            String imageRef, String imageId, ContainerConfig config, HostSettings host,
                            String hostConfigJson, List<InspectMount> mounts, Map<String, String> volumeNames,
                            ContainerState state, int restartCount, String logPath, String resolvConfPath,
                            String hostnamePath, String hostsPath, Map<String, String> graphDriverData) {
}
