package dev.berth.runtime;

/** A container output stream, numbered as Docker's multiplexed stream does (1 stdout, 2 stderr). Thread-safe. */
public enum StdStream {
    STDOUT(1, "stdout"), STDERR(2, "stderr");

    private final int dockerId;
    private final String logName;

    StdStream(int dockerId, String logName) {
        this.dockerId = dockerId;
        this.logName = logName;
    }

    /** The stream type byte of Docker's attach/logs framing. */
    public int dockerId() {
        return dockerId;
    }

    /** The stream as written in log files ({@code stdout}/{@code stderr}). */
    public String logName() {
        return logName;
    }
}
