/**
 * The mount-specification layer: parsing and validation of {@code -v} strings, {@code Mount} objects,
 * {@code --tmpfs} and {@code --volumes-from}, the API-version normalisation of mounts, the mount plan of a container
 * and the OCI mount options runc gets, all with Docker's exact error texts.
 * Pure: no syscalls and no I/O except the stat of bind sources behind {@link dev.berth.mount.BindSourceChecker}.
 * Imports only {@code dev.berth.errors} and {@code dev.berth.gotext}; never api, volume, container, runtime or sys.
 * Vocabulary: a <em>spec</em> is a mount as the client submitted it; a <em>mount point</em> is the parsed result;
 * <em>destination</em> is the cleaned path in the container; <em>source</em> is a host path or volume name.
 */
package dev.berth.mount;
