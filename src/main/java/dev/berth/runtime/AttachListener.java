package dev.berth.runtime;

/**
 * Receives an attached container's output, one chunk per call, in order, on the session's reader thread; the
 * bytes are only valid during the call.
 */
@FunctionalInterface
public interface AttachListener {

    void output(StdStream stream, byte[] buf, int off, int len);
}
