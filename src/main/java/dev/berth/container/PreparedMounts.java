package dev.berth.container;

import java.util.List;
import java.util.Map;

/**
 * The mounts of a new container once its volumes exist and hold references for it: the mount points to persist,
 * HostConfig.Tmpfs, and create warnings. Immutable.
 */
record PreparedMounts(List<StoredMount> mounts, Map<String, String> tmpfs, List<String> warnings) {
}
