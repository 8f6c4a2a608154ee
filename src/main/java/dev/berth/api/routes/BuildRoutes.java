package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoNumberFormatException;
import dev.berth.gotext.GoStrconv;
import dev.berth.mount.ApiVersion;
import dev.berth.system.BuildCache;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /build} routes: only the build cache's prune (see {@link BuildCache}). */
public final class BuildRoutes {

    private static final ApiVersion V1_48 = new ApiVersion(1, 48);

    private final BuildCache cache;

    public BuildRoutes(BuildCache cache) {
        this.cache = cache;
    }

    public void register(Router r) {
        r.post("/build/prune", Mode.INLINE, this::prune);
    }

    private void prune(Exchange ex) {
        // The size limits a prune keeps to; with nothing cached they bound nothing, but Docker refuses bad ones.
        if (ex.version().isBefore(V1_48)) {
            bytes(ex, "keep-storage");
        } else {
            if (bytes(ex, "reserved-space") == 0) {
                bytes(ex, "keep-storage"); // its older name, read only without the new one
            }
            bytes(ex, "max-used-space");
            bytes(ex, "min-free-space");
        }
        BuildCache.PruneReport report = cache.prune(ex.filters());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CachesDeleted", report.deleted().isEmpty() ? null : report.deleted());
        out.put("SpaceReclaimed", report.reclaimed());
        ex.json(out);
    }

    /** A size parameter: absent or empty is 0, otherwise {@code strconv.Atoi} with Docker's wording. */
    private static long bytes(Exchange ex, String name) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return GoStrconv.atoi(v);
        } catch (GoNumberFormatException e) {
            throw new InvalidArgumentException(name + " is in bytes and expects an integer, got " + v + ": "
                    + e.getMessage());
        }
    }
}
