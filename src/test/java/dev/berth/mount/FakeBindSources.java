package dev.berth.mount;

import java.util.Map;

/** A {@link BindSourceChecker} over a fixed table; paths not listed are missing. */
final class FakeBindSources implements BindSourceChecker {

    private final Map<String, SourceStatus> table;

    private FakeBindSources(Map<String, SourceStatus> table) {
        this.table = Map.copyOf(table);
    }

    static FakeBindSources existing(String... paths) {
        Map<String, SourceStatus> table = new java.util.HashMap<>();
        for (String path : paths) {
            table.put(path, SourceStatus.EXISTS);
        }
        return new FakeBindSources(table);
    }

    static FakeBindSources failing(String path, String error) {
        return new FakeBindSources(Map.of(path, new SourceStatus.Failed(error)));
    }

    @Override
    public SourceStatus stat(String path) {
        return table.getOrDefault(path, SourceStatus.MISSING);
    }
}
