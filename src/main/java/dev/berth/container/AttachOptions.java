package dev.berth.container;

/** Which streams an attach connects, whether to replay the log first and whether to stream live output. */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream) {
}
