package dev.berth.api.routes;

import dev.berth.api.Exchange;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.system.Networks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /networks} routes: only prune so far (see {@link Networks}). */
public final class NetworkRoutes {

    private final Networks networks;

    public NetworkRoutes(Networks networks) {
        this.networks = networks;
    }

    public void register(Router r) {
        r.post("/networks/prune", Mode.INLINE, this::prune);
    }

    private void prune(Exchange ex) {
        List<String> deleted = networks.prune(ex.filters());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NetworksDeleted", deleted.isEmpty() ? null : deleted);
        ex.json(out);
    }
}
