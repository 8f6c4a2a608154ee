package dev.berth.runtime;

/**
 * The OCI runtime's view of a container: its status and the host pid of its init process (0 once stopped).
 * Immutable and thread-safe.
 */
public record RuntimeState(Status status, int pid) {

    /** The OCI lifecycle states. */
    public enum Status {
        CREATING, CREATED, RUNNING, PAUSED, STOPPED;

        static Status fromRunc(String text) {
            return switch (text) {
                case "creating" -> CREATING;
                case "created" -> CREATED;
                case "running" -> RUNNING;
                case "paused" -> PAUSED;
                case "stopped" -> STOPPED;
                default -> throw new OciRuntimeException("state", "unknown runc status: " + text);
            };
        }
    }
}
