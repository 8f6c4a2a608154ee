package dev.berth.mount;

import java.util.Map;

/**
 * {@code Mount.VolumeOptions} as submitted. {@code driverConfig} may be null: {@code "DriverConfig":{}} and an
 * absent DriverConfig are echoed back differently in inspect. Immutable and thread-safe.
 */
public record VolumeOptions(boolean noCopy, Map<String, String> labels, String subpath, DriverConfig driverConfig) {

    public VolumeOptions {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        subpath = subpath == null ? "" : subpath;
    }

    public static VolumeOptions empty() {
        return new VolumeOptions(false, Map.of(), "", null);
    }

    /** The driver to create the volume with, {@code ""} when not given. */
    public String driverName() {
        return driverConfig == null ? "" : driverConfig.name();
    }

    /** Driver options to create the volume with; empty when not given. */
    public Map<String, String> driverOptions() {
        return driverConfig == null ? Map.of() : driverConfig.options();
    }

    public VolumeOptions withNoCopy(boolean value) {
        return new VolumeOptions(value, labels, subpath, driverConfig);
    }

    /** {@code VolumeOptions.DriverConfig}: the volume driver and its create options. Immutable and thread-safe. */
    public record DriverConfig(String name, Map<String, String> options) {
        public DriverConfig {
            name = name == null ? "" : name;
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }
}
