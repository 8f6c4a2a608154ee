package dev.berth.mount;

import java.util.List;

/**
 * {@code Mount.TmpfsOptions} as submitted: size in bytes (0 = kernel default), mode bits (0 = kernel default) and
 * the {@code Options} pairs ({@code [["exec"]]}, {@code [["noexec"]]}); pairs are checked at validation, not here.
 * Immutable and thread-safe.
 */
public record TmpfsOptions(long sizeBytes, long mode, List<List<String>> options) {

    public TmpfsOptions {
        options = options == null ? List.of() : options.stream().map(TmpfsOptions::copy).toList();
    }

    public static TmpfsOptions of(long sizeBytes, long mode) {
        return new TmpfsOptions(sizeBytes, mode, List.of());
    }

    private static List<String> copy(List<String> pair) {
        return pair == null ? List.of() : List.copyOf(pair);
    }
}
