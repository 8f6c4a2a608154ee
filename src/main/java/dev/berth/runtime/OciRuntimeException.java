package dev.berth.runtime;

import dev.berth.errors.InternalException;

/**
 * An OCI runtime (runc) or conmon operation failed; the message is the runtime's own, e.g.
 * {@code runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH},
 * so the container service can map it (missing command, permission denied) to Docker's status and exit codes.
 * Immutable and thread-safe.
 */
public class OciRuntimeException extends InternalException {

    private final String operation;
    private final String runtimeMessage;

    public OciRuntimeException(String operation, String runtimeMessage) {
        super(runtimeMessage);
        this.operation = operation;
        this.runtimeMessage = runtimeMessage;
    }

    /** The operation that failed: {@code create}, {@code start}, {@code kill}, {@code delete}, ... */
    public String operation() {
        return operation;
    }

    /** The runtime's message without berth's decoration. */
    public String runtimeMessage() {
        return runtimeMessage;
    }
}
