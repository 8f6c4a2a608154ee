package dev.berth.events;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image-name rule of Docker's event filter ({@code stripTag}): an image reference normalised as
 * {@code reference.ParseNormalizedNamed} does (distribution/reference) and reduced to its familiar name without tag
 * or digest, so {@code docker.io/library/busybox:latest} is {@code busybox}. Anything that does not parse (an image
 * ID, upper case, a bad digest) is returned unchanged, as Docker does. Stateless and thread-safe.
 */
final class FamiliarName {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final int NAME_MAX = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_AND_PORT = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:]\\p{XDigit}{32,}";

    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME = Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
    // The digest algorithms the daemon links in (go-digest), with the length of their hex encoding.
    private static final Map<String, Integer> ALGORITHMS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);

    private FamiliarName() {
    }

    /** The familiar repository name of {@code image}, or {@code image} itself when it is not a valid reference. */
    static String of(String image) {
        if (IDENTIFIER.matcher(image).matches()) {
            return image;
        }
        String domain;
        String remainder;
        int slash = image.indexOf('/');
        if (slash < 0) {
            domain = DEFAULT_DOMAIN;
            remainder = OFFICIAL_PREFIX + image;
        } else {
            String maybeDomain = image.substring(0, slash);
            if (maybeDomain.equals("localhost") || maybeDomain.contains(".") || maybeDomain.contains(":")
                    || !maybeDomain.toLowerCase(java.util.Locale.ROOT).equals(maybeDomain)) {
                domain = maybeDomain;
                remainder = image.substring(slash + 1);
            } else {
                domain = DEFAULT_DOMAIN;
                remainder = image;
            }
            if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
                domain = DEFAULT_DOMAIN;
                remainder = image.substring(slash + 1);
            }
            if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
                remainder = OFFICIAL_PREFIX + remainder;
            }
        }
        int colon = remainder.indexOf(':');
        String remote = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!remote.toLowerCase(java.util.Locale.ROOT).equals(remote)) {
            return image;
        }
        Matcher ref = REFERENCE.matcher(domain + "/" + remainder);
        if (!ref.matches()) {
            return image;
        }
        Matcher name = ANCHORED_NAME.matcher(ref.group(1));
        if (!name.matches() || name.group(2).length() > NAME_MAX) {
            return image;
        }
        if (ref.group(3) != null && !validDigest(ref.group(3))) {
            return image;
        }
        String repoDomain = name.group(1) == null ? "" : name.group(1);
        String path = name.group(2);
        if (repoDomain.equals(DEFAULT_DOMAIN)) {
            if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
                return path.substring(OFFICIAL_PREFIX.length());
            }
            return path;
        }
        return repoDomain.isEmpty() ? path : repoDomain + "/" + path;
    }

    private static boolean validDigest(String digest) {
        int colon = digest.indexOf(':');
        Integer length = ALGORITHMS.get(digest.substring(0, colon));
        String encoded = digest.substring(colon + 1);
        return length != null && encoded.length() == length && encoded.chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
