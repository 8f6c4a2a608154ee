package dev.berth.mount;

import java.util.List;
import java.util.Objects;

/** One entry of the OCI spec's {@code mounts} for the user's mounts, as runc gets it. Immutable and thread-safe. */
public record OciMount(String destination, String type, String source, List<String> options) {

    public OciMount {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = List.copyOf(options);
    }

    /** The same mount from another host path, e.g. the safe bind of a volume subpath. */
    public OciMount withSource(String value) {
        return new OciMount(destination, type, value, options);
    }
}
