/**
 * Volumes: {@link dev.berth.volume.VolumeService} (create, inspect, list, remove, prune, container references,
 * mounts), its SQLite table, filters and per-name locks. Vocabulary: a <em>reference</em> is a container using a
 * volume (decides in-use, dangling and prune); a <em>mount id</em> is one active mount (counted by the driver).
 * Must not import {@code dev.berth.api} or Netty.
 */
package dev.berth.volume;
