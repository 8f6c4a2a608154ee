package dev.berth.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** sha256 digests in Docker's {@code sha256:<hex>} form, chain IDs and short IDs. Stateless and thread-safe. */
final class Digests {

    private static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static String of(byte[] data) {
        return format(sha256().digest(data));
    }

    static String format(byte[] hash) {
        return "sha256:" + HexFormat.of().formatHex(hash);
    }

    static boolean isDigest(String s) {
        return s != null && DIGEST.matcher(s).matches();
    }

    /** The hex part of {@code sha256:<hex>}. */
    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** Docker's short ID: the first 12 hex characters, without the algorithm. */
    static String shortId(String digest) {
        String hex = hex(digest);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** The chain ID of a layer on top of {@code parentChain} (null for the bottom layer), as the OCI spec defines. */
    static String chainId(String parentChain, String diffId) {
        if (parentChain == null) {
            return diffId;
        }
        return of((parentChain + " " + diffId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The chain IDs of every layer of a stack of diff IDs, bottom first. */
    static List<String> chainIds(List<String> diffIds) {
        String[] out = new String[diffIds.size()];
        String parent = null;
        for (int i = 0; i < diffIds.size(); i++) {
            parent = chainId(parent, diffIds.get(i));
            out[i] = parent;
        }
        return List.of(out);
    }
}
