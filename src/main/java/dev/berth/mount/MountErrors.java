package dev.berth.mount;

import dev.berth.gotext.GoQuote;

/**
 * One factory per Docker error text about mounts (docker-storage-semantics.md §3, §1.10, §4.6); tests compare
 * against the same factories. Stateless and thread-safe.
 */
public final class MountErrors {

    private MountErrors() {
    }

    // --- ParseMountSpec / ValidateMountConfig (§3.3) ---

    public static InvalidMountSpecException missingField(String field) {
        return new InvalidMountSpecException("field " + field + " must not be empty");
    }

    public static InvalidMountSpecException extraField(String field) {
        return new InvalidMountSpecException("field " + field + " must not be specified");
    }

    public static InvalidMountSpecException bindSourceDoesNotExist(String path) {
        return new InvalidMountSpecException("bind source path does not exist: " + path);
    }

    public static InvalidMountSpecException invalidPropagation(String propagation) {
        return new InvalidMountSpecException("invalid propagation mode: " + propagation);
    }

    public static InvalidMountSpecException notAbsolute(String path) {
        return new InvalidMountSpecException("invalid mount path: '" + path + "' mount path must be absolute");
    }

    public static InvalidMountSpecException destinationIsRoot() {
        return new InvalidMountSpecException("invalid specification: destination can't be '/'");
    }

    public static InvalidMountSpecException subpathOnAnonymousVolume() {
        return new InvalidMountSpecException("must not set Subpath when using anonymous volumes");
    }

    /** An anonymous volume starts empty; mounting it read-only could never hold anything (dockerd rejects it). */
    public static InvalidMountSpecException readOnlyAnonymousVolume() {
        return new InvalidMountSpecException("must not set ReadOnly mode when using anonymous volumes");
    }

    public static InvalidMountSpecException invalidSubpath() {
        return new InvalidMountSpecException("subpath must be a relative path within the volume");
    }

    public static InvalidMountSpecException unknownType() {
        return new InvalidMountSpecException("mount type unknown");
    }

    public static InvalidMountSpecException invalidOptionArrayLength() {
        return new InvalidMountSpecException("invalid option array length");
    }

    /** A {@code TmpfsOptions.Options} key other than exec/noexec. */
    public static InvalidMountSpecException invalidTmpfsOptionKey(String key) {
        return new InvalidMountSpecException("invalid option: " + key);
    }

    /** The text of a failed stat of a bind source, surfaced verbatim (e.g. {@code stat /x: permission denied}). */
    public static InvalidMountSpecException statFailed(String message) {
        return new InvalidMountSpecException(message);
    }

    /** Wraps a validation failure the way moby's {@code errMountConfig} does. */
    public static InvalidMountSpecException mountConfig(String type, InvalidMountSpecException cause) {
        return new InvalidMountSpecException(
                "invalid mount config for type " + GoQuote.quote(type) + ": " + cause.getMessage());
    }

    // --- ParseMountRaw (§3.2) and ParseVolumesFrom (§3.7) ---

    public static InvalidMountSpecException invalidSpec(String raw) {
        return new InvalidMountSpecException("invalid volume specification: '" + raw + "'");
    }

    public static InvalidMountSpecException invalidSpec(String raw, InvalidMountSpecException cause) {
        return new InvalidMountSpecException("invalid volume specification: '" + raw + "': " + cause.getMessage());
    }

    public static InvalidMountSpecException invalidMode(String mode) {
        return new InvalidMountSpecException("invalid mode: " + mode);
    }

    public static InvalidMountSpecException emptyVolumesFrom() {
        return new InvalidMountSpecException("volumes-from specification cannot be an empty string");
    }

    // --- registerMountPoints / createContainerVolumesOS (§2.3, §3.8) ---

    public static InvalidMountSpecException duplicateMountPoint(String destination) {
        return new InvalidMountSpecException("Duplicate mount point: " + destination);
    }

    public static InvalidMountSpecException daemonRootPropagation(String root, String source, String propagation) {
        return new InvalidMountSpecException("invalid mount config: must use either propagation mode \"rslave\" or"
                + " \"rshared\" when mount source is within the daemon root, daemon root: " + GoQuote.quote(root)
                + ", bind mount source: " + GoQuote.quote(source) + ", propagation: " + GoQuote.quote(propagation));
    }

    /** For the container service: an image {@code VOLUME} path that is a file in the image. */
    public static InvalidMountSpecException volumeOverExistingFile(String path) {
        return new InvalidMountSpecException("cannot mount volume over existing file, file exists " + path);
    }

    // --- tmpfs (§3.6) ---

    public static InvalidMountSpecException invalidTmpfsOption(String option) {
        return new InvalidMountSpecException("invalid tmpfs option " + GoQuote.quote(option));
    }

    // --- API-version normalisation (§1.10, §3.4) ---

    /** {@code block} is {@code VolumeOptions}, {@code BindOptions} or {@code TmpfsOptions}. */
    public static InvalidMountSpecException optionsOnWrongType(String block, String type) {
        return new InvalidMountSpecException(block + " must not be specified on mount type " + GoQuote.quote(type));
    }

    public static InvalidMountSpecException readOnlyForceRecursiveNeedsApi144() {
        return new InvalidMountSpecException("BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer");
    }

    public static InvalidMountSpecException subpathNeedsApi145() {
        return new InvalidMountSpecException("VolumeOptions.Subpath needs API v1.45 or newer");
    }

    public static InvalidMountSpecException imageMountNeedsApi148() {
        return new InvalidMountSpecException("Mount type \"Image\" needs API v1.48 or newer");
    }

    // --- OCI mount options (§4.6) ---

    public static InvalidMountSpecException writableWithReadOnlyNonRecursive() {
        return new InvalidMountSpecException("mount options conflict: !ReadOnly && BindOptions.ReadOnlyNonRecursive");
    }

    public static InvalidMountSpecException writableWithReadOnlyForceRecursive() {
        return new InvalidMountSpecException(
                "mount options conflict: !ReadOnly && BindOptions.ReadOnlyForceRecursive");
    }

    public static InvalidMountSpecException nonRecursiveWithForceRecursive() {
        return new InvalidMountSpecException(
                "mount options conflict: ReadOnlyNonRecursive && BindOptions.ReadOnlyForceRecursive");
    }

    /** {@code reason} is one of the {@link RroSupport.Unsupported} texts. */
    public static InvalidMountSpecException rroUnsupported(String reason) {
        return new InvalidMountSpecException(reason);
    }
}
