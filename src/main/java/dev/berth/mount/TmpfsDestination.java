package dev.berth.mount;

/**
 * Validates a {@code HostConfig.Tmpfs} key (a {@code --tmpfs} destination) like moby's
 * {@code ValidateTmpfsMountDestination} (§3.6). The option string is checked only when the container starts.
 * Stateless and thread-safe.
 */
public final class TmpfsDestination {

    private TmpfsDestination() {
    }

    /** Rejects {@code /} (also {@code //}) and relative paths, with Docker's texts. */
    public static void validate(String destination) {
        MountSpecValidator.checkNotRoot(destination);
        MountSpecValidator.checkAbsolute(destination);
    }
}
