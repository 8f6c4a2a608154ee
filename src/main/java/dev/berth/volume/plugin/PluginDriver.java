package dev.berth.volume.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.volume.driver.DriverVolume;
import dev.berth.volume.driver.VolumeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A volume driver served by a legacy (v1) plugin over Docker's {@code VolumeDriver.*} protocol. The plugin is
 * activated at its first use ({@code Plugin.Activate} must list {@code VolumeDriver}) and asked once for its
 * capabilities (its scope: {@code global} or {@code local}, anything else being {@code local}); until then the
 * driver reports {@code local}. A failed activation is tried again at the next use. Calls time out as Docker's do:
 * Create and Mount after 2 minutes, the others after 1. Thread-safe.
 */
public final class PluginDriver implements VolumeDriver {

    /**
     * Docker's zero time ({@code 0001-01-01T00:00:00Z}) in epoch seconds: a plugin volume's unknown creation (the
     * API's formatter knows the value).
     */
    public static final long ZERO_TIME = -62135596800L;
    static final Duration LONG_CALL = Duration.ofMinutes(2);
    static final Duration CALL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PluginDriver.class);

    private final String name;
    private final PluginClient client;
    private final java.util.concurrent.locks.ReentrantLock activation = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean active;
    /** Set when the plugin answered its activation without {@code VolumeDriver}: it will not become one. */
    private volatile PluginException notAVolumeDriver;
    private volatile String scope = "local";

    /**
     * @param retryBudget how long a call may keep trying to connect (Docker: 30 s)
     */
    public PluginDriver(String name, PluginDiscovery discovery, Duration retryBudget) {
        this.name = name;
        this.client = new PluginClient(() -> discovery.find(name).orElseThrow(() ->
                new PluginException("plugin \"" + name + "\" not found", true)), retryBudget);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scope() {
        return scope;
    }

    /** Whether the plugin answered its activation since the daemon started. */
    public boolean isActive() {
        return active;
    }

    /**
     * Activates the plugin unless it is active: checks that it implements {@code VolumeDriver}, then reads its
     * scope.
     *
     * @param retry whether to keep trying to connect within the retry budget; without, a caller does not wait for
     *              an activation that is being retried either (a list must not stand behind a plugin that is down)
     */
    public void activate(boolean retry) {
        if (active) {
            return;
        }
        if (notAVolumeDriver != null) {
            throw notAVolumeDriver;
        }
        if (retry) {
            activation.lock();
        } else if (!tryLockBriefly()) {
            throw new PluginException("plugin \"" + name + "\" is not answering its activation yet", true);
        }
        try {
            if (active) {
                return;
            }
            JsonNode r = client.call("Plugin.Activate", null, CALL, retry);
            boolean implementsVolumes = false;
            for (JsonNode i : r.path("Implements")) {
                implementsVolumes |= "VolumeDriver".equals(i.asText());
            }
            if (!implementsVolumes) {
                notAVolumeDriver = new PluginException("Plugin does not implement the requested driver: plugin=\""
                        + name + "\", requested implementation=\"VolumeDriver\"", false);
                throw notAVolumeDriver;
            }
            scope = readScope();
            active = true;
            log.info("volume plugin {} activated (scope {})", name, scope);
        } finally {
            activation.unlock();
        }
    }

    /** A healthy plugin activates in milliseconds; one being retried holds the lock for up to the retry budget. */
    private boolean tryLockBriefly() {
        try {
            return activation.tryLock(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String readScope() {
        try {
            String s = client.call("VolumeDriver.Capabilities", Map.of(), CALL, false)
                    .path("Capabilities").path("Scope").asText("");
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("global") || lower.equals("local")) {
                return lower;
            }
            if (!s.isEmpty()) {
                log.warn("volume plugin {}: unknown scope \"{}\"; using local", name, s);
            }
            return "local";
        } catch (PluginException e) {
            log.debug("volume plugin {}: no capabilities ({}); scope local", name, e.getMessage());
            return "local";
        }
    }

    /**
     * Creates the volume in the plugin unless it has it already (Docker asks {@code Get} first and ignores its
     * errors). Plugins accept any name.
     */
    @Override
    public DriverVolume create(String volumeName, Map<String, String> options) {
        activate(true);
        try {
            Optional<DriverVolume> existing = get(volumeName);
            if (existing.isPresent()) {
                return existing.get();
            }
        } catch (PluginException e) {
            log.debug("volume plugin {}: Get {} before Create: {}", name, volumeName, e.getMessage());
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("Name", volumeName);
        req.put("Opts", options);
        client.call("VolumeDriver.Create", req, LONG_CALL, true);
        // Create answers nothing about the volume: Docker reports no mount point and the zero time.
        return new PluginVolume(this, volumeName, "", ZERO_TIME, true);
    }

    /** Only a volume this daemon's create made goes: one the plugin had before is someone else's. */
    @Override
    public void undoCreate(DriverVolume volume) {
        if (volume instanceof PluginVolume v && v.createdHere()) {
            remove(volume);
        }
    }

    @Override
    public void remove(DriverVolume volume) {
        activate(true);
        client.call("VolumeDriver.Remove", Map.of("Name", volume.name()), CALL, true);
    }

    /**
     * The plugin's volume of that name ({@code VolumeDriver.Get}). As Docker's {@code lookupVolume}, only a
     * plugin that cannot be reached is an error: an answer with an error text ("no such volume", or anything
     * else) or a null volume means the plugin does not have it.
     *
     * @throws PluginException when the plugin cannot be reached
     */
    @Override
    public Optional<DriverVolume> get(String volumeName) {
        return describe(volumeName).map(d -> new PluginVolume(this, volumeName, d.mountpoint(), d.createdAt()));
    }

    /** What {@code VolumeDriver.Get} says of a volume. */
    record Described(String mountpoint, long createdAt, Map<String, Object> status) {
    }

    Optional<Described> describe(String volumeName) {
        activate(true);
        JsonNode v;
        try {
            v = client.call("VolumeDriver.Get", Map.of("Name", volumeName), CALL, true).path("Volume");
        } catch (PluginException e) {
            if (e.unreachable()) {
                throw new PluginException("error while checking if volume \"" + volumeName + "\" exists in driver \""
                        + name + "\": " + e.getMessage(), true);
            }
            log.debug("volume plugin {}: Get {}: {}", name, volumeName, e.getMessage());
            return Optional.empty();
        }
        if (!v.isObject()) {
            return Optional.empty();
        }
        Map<String, Object> status = null;
        if (v.path("Status").isObject()) {
            status = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : v.path("Status").properties()) {
                status.put(f.getKey(), dev.berth.json.Json.MAPPER.convertValue(f.getValue(), Object.class));
            }
        }
        return Optional.of(new Described(v.path("Mountpoint").asText(""), parseTime(v.path("CreatedAt").asText("")),
                status));
    }

    @Override
    public List<DriverVolume> list() {
        return list(true);
    }

    /**
     * The plugin's volumes ({@code VolumeDriver.List}).
     *
     * @param retry whether to keep trying to connect (a list of all volumes does not: a plugin that is down must
     *              not hold up {@code docker volume ls})
     */
    public List<DriverVolume> list(boolean retry) {
        activate(retry);
        JsonNode r = client.call("VolumeDriver.List", Map.of(), CALL, retry);
        List<DriverVolume> out = new ArrayList<>();
        for (JsonNode v : r.path("Volumes")) {
            String n = v.path("Name").asText("");
            if (!n.isEmpty()) {
                // Docker lists a plugin's volumes with the zero time, whatever the plugin says.
                out.add(new PluginVolume(this, n, v.path("Mountpoint").asText(""), ZERO_TIME));
            }
        }
        return out;
    }

    /** As {@link #list(boolean)} without retries; a plugin that is not a volume driver has no volumes. */
    @Override
    public List<DriverVolume> listNow() {
        try {
            return list(false);
        } catch (PluginException e) {
            if (e == notAVolumeDriver) {
                return List.of();
            }
            throw e;
        }
    }

    /** A volume known from the daemon's records, not asked of the plugin (at start). */
    @Override
    public DriverVolume restore(String volumeName, long createdAtSeconds) {
        return new PluginVolume(this, volumeName, "", createdAtSeconds);
    }

    String mount(String volumeName, String mountId) {
        activate(true);
        JsonNode r = client.call("VolumeDriver.Mount", Map.of("Name", volumeName, "ID", mountId), LONG_CALL, true);
        return r.path("Mountpoint").asText("");
    }

    void unmount(String volumeName, String mountId) {
        activate(true);
        client.call("VolumeDriver.Unmount", Map.of("Name", volumeName, "ID", mountId), CALL, true);
    }

    static long parseTime(String rfc3339) {
        if (rfc3339.isEmpty()) {
            return ZERO_TIME;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return ZERO_TIME;
        }
    }

    /** Closes idle connections to the plugin. */
    public void close() {
        client.close();
    }
}
