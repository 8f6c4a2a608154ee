package dev.berth.mount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * moby's {@code sortMounts} (§4.4): parents before children, by the number of separators in the cleaned
 * destination ({@code /tmp} before {@code /tmp/foo}). Stable, so equal depths keep their given order (moby's sort
 * is not stable; any order of equal depths is valid). Stateless and thread-safe.
 */
public final class MountOrder {

    private MountOrder() {
    }

    public static <T> List<T> sortForMounting(Collection<T> mounts, Function<T, String> destination) {
        List<T> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt(m -> UnixPaths.depth(destination.apply(m))));
        return List.copyOf(sorted);
    }
}
