package dev.berth.system;

/**
 * Facts {@code GET /info} and {@code GET /version} report about the engine and its host. Immutable.
 */
public record SystemInfo(String id, String engineVersion, String berthVersion, String apiVersion, String minApiVersion,
                         String kernelVersion, String operatingSystem, String osVersion, String architecture,
                         String goArch, int cpus, long memTotal, String hostname, String dataRoot,
                         String runtimePath, String runtimeVersion, String runtimeCommit, String cgroupVersion,
                         String backingFilesystem, Counts counts) {

    /** Object counts at the time of the request. */
    public record Counts(int containers, int running, int paused, int stopped, int images) {
    }
}
