/**
 * Containers: {@link dev.berth.container.ContainerService} (create, start, stop, kill, restart, rename, remove,
 * list, inspect, wait, attach, logs, export, restore), its SQLite table, the mount set-up at create and start, and
 * the OCI spec of a run. Vocabulary: a container's <em>record</em> is its persisted, immutable state; a
 * <em>run</em> is one start-to-exit. Must not import {@code dev.berth.api} or Netty.
 */
package dev.berth.container;
