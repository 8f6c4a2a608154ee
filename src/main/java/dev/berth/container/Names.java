package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Container ids and names: Docker's name rule, generated names, random ids. */
final class Names {

    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] LEFT = {"able", "agile", "amber", "ample", "azure", "bold", "brave", "brisk",
            "calm", "clever", "cosy", "crisp", "daring", "deft", "eager", "even", "fair", "fleet", "fond", "frank",
            "gentle", "glad", "grand", "hardy", "hearty", "honest", "humble", "jolly", "keen", "kind", "lively",
            "loyal", "lucid", "merry", "mellow", "modest", "neat", "nimble", "noble", "patient", "plucky", "proud",
            "quick", "quiet", "rapid", "ready", "serene", "sharp", "shy", "sleek", "smart", "snug", "solid", "spry",
            "stable", "steady", "stoic", "sunny", "swift", "tidy", "trusty", "vivid", "warm", "wise", "witty", "zesty"};
    private static final String[] RIGHT = {"anchor", "barge", "beacon", "berth", "bollard", "bow", "breakwater",
            "buoy", "cabin", "capstan", "cargo", "channel", "clipper", "coaster", "compass", "cove", "crane", "current",
            "deck", "dinghy", "dock", "ferry", "fjord", "galley", "gangway", "harbour", "hatch", "helm", "hull",
            "inlet", "jetty", "keel", "lagoon", "lighthouse", "lock", "marina", "mast", "mooring", "pier", "pilot",
            "port", "quay", "rudder", "sail", "schooner", "shore", "skiff", "slipway", "sound", "starboard", "stern",
            "strait", "tide", "tug", "wake", "wharf", "yacht", "yard"};

    private Names() {
    }

    /** A new 64-hex container id. */
    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Validates a user-given name and returns it in Docker's stored form ({@code /name}).
     *
     * @throws InvalidArgumentException with Docker's text
     */
    static String canonical(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new InvalidArgumentException("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name : "/" + name;
    }

    /** A generated {@code /adjective_noun} name; the caller retries on collision. */
    static String generate(int attempt) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String n = "/" + LEFT[r.nextInt(LEFT.length)] + "_" + RIGHT[r.nextInt(RIGHT.length)];
        return attempt < 5 ? n : n + r.nextInt(10);
    }
}
