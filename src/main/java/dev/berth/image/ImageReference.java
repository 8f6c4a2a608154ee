package dev.berth.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised image reference as Docker understands it: {@code domain/path[:tag][@digest]}, where a name without a
 * domain lives on {@code docker.io} and a single-component name on Docker Hub under {@code library/}.
 * {@link #familiarString()} is the short form users see ({@code busybox:latest}); {@link #toString()} is the full one.
 * Immutable and thread-safe.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    static final String DEFAULT_DOMAIN = "docker.io";
    static final String DEFAULT_TAG = "latest";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_TAG = Pattern.compile("^" + TAG + "$");
    private static final Pattern ANCHORED_ID = Pattern.compile("^[a-f0-9]{64}$");
    private static final Pattern ANCHORED_DOMAIN = Pattern.compile("^" + DOMAIN_AND_PORT + "$");

    public ImageReference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        if (tag != null && !ANCHORED_TAG.matcher(tag).matches()) {
            throw ReferenceErrors.invalidTag();
        }
    }

    /**
     * Parses a user-typed reference and normalises it (Docker's {@code ParseNormalizedNamed}): adds {@code docker.io}
     * and {@code library/}, keeps an absent tag absent. Throws {@link InvalidReferenceException} with Docker's text.
     */
    public static ImageReference parse(String text) {
        if (ANCHORED_ID.matcher(text).matches()) {
            throw ReferenceErrors.hexName(text);
        }
        String[] split = splitDomain(text);
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remoteName = tagSep >= 0 ? remainder.substring(0, tagSep) : remainder;
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw ReferenceErrors.uppercase(remoteName);
        }
        return parseFull(split[0] + "/" + remainder);
    }

    /** Parses an already-full reference without normalisation (Docker's {@code Parse} for names with a domain). */
    private static ImageReference parseFull(String text) {
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            if (text.isEmpty()) {
                throw ReferenceErrors.nameEmpty();
            }
            if (REFERENCE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                throw ReferenceErrors.nameUppercase();
            }
            throw ReferenceErrors.invalidFormat();
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw ReferenceErrors.nameTooLong();
        }
        String digest = m.group(3);
        if (digest != null) {
            validateDigest(digest);
        }
        int slash = name.indexOf('/');
        String domain = name.substring(0, slash);
        String path = name.substring(slash + 1);
        if (!ANCHORED_DOMAIN.matcher(domain).matches()) {
            // The first component only looked like a host to the splitter (e.g. "a_b.c/x"); the grammar reads the
            // whole name as a path without a domain, and so does Docker.
            return new ImageReference("", name, m.group(2), digest);
        }
        return new ImageReference(domain, path, m.group(2), digest);
    }

    /**
     * The {@code repo} and {@code tag} query parameters of tag and import (Docker's {@code RepoTagReference}): a
     * digest is refused and the tag defaults to {@code latest}. An empty repo gives null.
     */
    public static ImageReference parseRepoTag(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            return null;
        }
        ImageReference ref = parse(repo);
        if (ref.digest != null) {
            throw new InvalidReferenceException("cannot import digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            return ref.withTag(tag);
        }
        return ref.withDefaultTag();
    }

    /**
     * Returns the canonical image ID ({@code sha256:<hex>}) when {@code text} is a full ID with or without its
     * algorithm (Docker's {@code ParseAnyReference} digest branch), otherwise null.
     */
    static String parseId(String text) {
        if (ANCHORED_ID.matcher(text).matches()) {
            return "sha256:" + text;
        }
        if (text.startsWith("sha256:") && ANCHORED_ID.matcher(text.substring(7)).matches()) {
            return text;
        }
        return null;
    }

    private static String[] splitDomain(String name) {
        String domain;
        String remainder;
        int i = name.indexOf('/');
        if (i == -1 || (!containsAny(name.substring(0, i), ".:") && !name.substring(0, i).equals("localhost")
                && name.substring(0, i).toLowerCase(Locale.ROOT).equals(name.substring(0, i)))) {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        } else {
            domain = name.substring(0, i);
            remainder = name.substring(i + 1);
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void validateDigest(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> throw ReferenceErrors.unsupportedDigest();
        };
        if (hex.length() != expected) {
            throw ReferenceErrors.digestLength();
        }
        if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw ReferenceErrors.digestFormat();
        }
    }

    /** This reference with the given tag (the digest is dropped, as Docker's {@code WithTag} on a name does). */
    public ImageReference withTag(String newTag) {
        if (!ANCHORED_TAG.matcher(newTag).matches()) {
            throw ReferenceErrors.invalidTag();
        }
        return new ImageReference(domain, path, newTag, null);
    }

    /** Adds {@code :latest} when neither tag nor digest is given (Docker's {@code TagNameOnly}). */
    public ImageReference withDefaultTag() {
        return isNameOnly() ? new ImageReference(domain, path, DEFAULT_TAG, null) : this;
    }

    public boolean isNameOnly() {
        return tag == null && digest == null;
    }

    /** The full repository name, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The repository name as users type it, e.g. {@code busybox} or {@code localhost:5000/app}. */
    public String familiarName() {
        if (domain.equals(DEFAULT_DOMAIN)) {
            if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
                return path.substring(OFFICIAL_PREFIX.length());
            }
            return path;
        }
        return name();
    }

    /** The familiar form with tag and digest, e.g. {@code busybox:latest}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return name() + suffix();
    }
}
