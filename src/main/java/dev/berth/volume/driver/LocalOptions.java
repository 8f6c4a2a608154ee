package dev.berth.volume.driver;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoQuote;
import dev.berth.gotext.GoUrl;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.Set;

/**
 * The options of a local volume ({@code type}, {@code o}, {@code device}, {@code size}), validated exactly as
 * Docker's local driver does. Immutable and thread-safe.
 */
record LocalOptions(String type, String mountOptions, String device, long sizeBytes) {

    private static final Set<String> VALID = Set.of("type", "o", "device", "size");
    // Docker checks these in map order, but each key's requirements in this order, which fixes the message.
    private static final Map<String, List<String>> MANDATORY = Map.of(
            "device", List.of("type"),
            "type", List.of("device"),
            "o", List.of("device", "type"));

    /** Parses and validates; returns null for no options. */
    static LocalOptions parse(Map<String, String> opts, boolean quotaSupported) {
        return parse(opts, () -> quotaSupported);
    }

    /** Parses and validates; asks {@code quotaSupported} only when a size is requested. */
    static LocalOptions parse(Map<String, String> opts, BooleanSupplier quotaSupported) {
        if (opts == null || opts.isEmpty()) {
            return null;
        }
        for (String key : opts.keySet()) {
            if (!VALID.contains(key)) {
                throw new InvalidArgumentException("invalid option: " + GoQuote.quote(key));
            }
        }
        String type = opts.getOrDefault("type", "");
        String device = opts.getOrDefault("device", "");
        if (type.equals("cifs") && !device.isEmpty()) {
            GoUrl url;
            try {
                url = GoUrl.parse(device);
            } catch (GoUrl.ParseException e) {
                throw new InvalidArgumentException("error parsing mount device url: " + e.getMessage());
            }
            if (!url.port().isEmpty()) {
                throw new InvalidArgumentException("port not allowed in CIFS device URL, include 'port' in 'o='");
            }
        }
        long size = 0;
        if (opts.containsKey("size")) {
            size = Sizes.ramInBytes(opts.get("size"));
            if (size > 0 && !quotaSupported.getAsBoolean()) {
                throw new InvalidArgumentException("quota size requested but no quota support");
            }
        }
        for (String key : List.of("device", "type", "o")) {
            if (opts.containsKey(key)) {
                for (String required : MANDATORY.get(key)) {
                    if (!opts.containsKey(required)) {
                        throw new InvalidArgumentException("missing required option: " + GoQuote.quote(required));
                    }
                }
            }
        }
        return new LocalOptions(type, opts.getOrDefault("o", ""), device, size);
    }

    /** Volumes with a type or device are mounted at first use; the rest are plain directories. */
    boolean needsMount() {
        return !type.isEmpty() || !device.isEmpty();
    }
}
