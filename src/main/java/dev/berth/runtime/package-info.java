/**
 * The runtime layer: builds the OCI runtime-spec {@code config.json} a container runs with ({@link
 * dev.berth.runtime.OciSpec}) and runs containers with runc, each supervised by its own conmon
 * ({@link dev.berth.runtime.ConmonRuntime}), which keeps stdio, the k8s-file log and the exit file alive when the
 * daemon is gone. Imports only {@code dev.berth.errors}, {@code dev.berth.json} and {@code dev.berth.sys}.
 * Vocabulary: the <em>bundle</em> is the caller's directory holding {@code config.json}; the <em>state dir</em> is
 * berth's runtime directory (runc root, exit files, attach sockets); an <em>id</em> is the container's 64-hex id.
 */
package dev.berth.runtime;
