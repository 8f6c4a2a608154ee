package dev.berth.container;

import java.util.List;

/** The id of a new container and the warnings of its create. Immutable. */
public record CreateResult(String id, List<String> warnings) {

    public CreateResult {
        warnings = List.copyOf(warnings);
    }
}
