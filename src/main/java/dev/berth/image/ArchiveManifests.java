package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an image archive holds, from either layout: the {@code manifest.json} list of {@code docker save} (all Docker
 * versions), or an OCI image layout's {@code index.json} (manifests, nested indexes, name annotations) when there is
 * no {@code manifest.json}. Paths are archive names. Stateless and thread-safe.
 */
final class ArchiveManifests {

    /** One image to load: config, layer blobs bottom first, tags (as written), optional parent config path. */
    record Item(String config, List<String> layers, List<String> repoTags, String parent) {
        Item {
            layers = List.copyOf(layers);
            repoTags = List.copyOf(repoTags);
        }
    }

    static final String MANIFEST = "manifest.json";
    static final String INDEX = "index.json";
    private static final String ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
    private static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
    private static final int MAX_INDEX_DEPTH = 8;

    private ArchiveManifests() {
    }

    static List<Item> read(ArchiveSpool spool, String hostArchitecture) throws IOException {
        if (spool.has(MANIFEST)) {
            return dockerManifest(spool);
        }
        if (spool.has(INDEX)) {
            List<Item> out = new ArrayList<>();
            ociIndex(spool, json(spool.bytes(INDEX), INDEX), null, hostArchitecture, 0, out);
            return out;
        }
        throw new LayerFormatException("invalid image archive: it has neither manifest.json nor index.json");
    }

    private static List<Item> dockerManifest(ArchiveSpool spool) throws IOException {
        JsonNode root = json(spool.bytes(MANIFEST), MANIFEST);
        if (root.isNull()) {
            throw new LayerFormatException("invalid manifest, manifest cannot be null (but can be [])");
        }
        if (!root.isArray()) {
            throw new LayerFormatException("invalid manifest: not a JSON array");
        }
        List<Item> out = new ArrayList<>();
        for (JsonNode m : root) {
            String config = m.path("Config").asText("");
            if (config.isEmpty()) {
                throw new LayerFormatException("invalid manifest: an entry has no Config");
            }
            List<String> layers = new ArrayList<>();
            m.path("Layers").forEach(l -> layers.add(l.asText()));
            List<String> tags = new ArrayList<>();
            m.path("RepoTags").forEach(t -> tags.add(t.asText()));
            String parent = m.path("Parent").asText("");
            out.add(new Item(config, layers, tags, parent.isEmpty() ? null : parent));
        }
        return out;
    }

    private static void ociIndex(ArchiveSpool spool, JsonNode index, String inheritedName, String arch, int depth,
                                 List<Item> out) throws IOException {
        if (depth > MAX_INDEX_DEPTH) {
            throw new LayerFormatException("invalid image archive: indexes nested too deeply");
        }
        for (JsonNode d : index.path("manifests")) {
            String mediaType = d.path("mediaType").asText("");
            String name = imageName(d.path("annotations"), inheritedName);
            JsonNode platform = d.path("platform");
            if (platform.isObject() && !matchesHost(platform, arch)) {
                continue;
            }
            JsonNode doc = json(spool.bytes(blobPath(d.path("digest").asText())), "manifest");
            if (mediaType.endsWith("image.index.v1+json") || mediaType.endsWith("manifest.list.v2+json")
                    || doc.has("manifests")) {
                ociIndex(spool, doc, name, arch, depth + 1, out);
                continue;
            }
            List<String> layers = new ArrayList<>();
            doc.path("layers").forEach(l -> layers.add(blobPath(l.path("digest").asText())));
            String config = blobPath(doc.path("config").path("digest").asText());
            out.add(new Item(config, layers, name == null ? List.of() : List.of(name), null));
        }
    }

    private static String imageName(JsonNode annotations, String inherited) {
        String full = annotations.path(ANNOTATION_IMAGE_NAME).asText("");
        if (!full.isEmpty()) {
            return full;
        }
        String ref = annotations.path(ANNOTATION_REF_NAME).asText("");
        // A bare tag ("latest") names no repository; only a full reference can become a tag here.
        if (ref.contains("/") || ref.contains(":")) {
            try {
                ImageReference r = ImageReference.parse(ref);
                if (r.tag() != null) {
                    return ref;
                }
            } catch (InvalidReferenceException e) {
                return inherited;
            }
        }
        return inherited;
    }

    private static boolean matchesHost(JsonNode platform, String arch) {
        String os = platform.path("os").asText("linux");
        String a = platform.path("architecture").asText(arch);
        return os.equals("linux") && a.equals(arch);
    }

    /** {@code sha256:<hex>} to {@code blobs/sha256/<hex>}. */
    static String blobPath(String digest) {
        if (!Digests.isDigest(digest)) {
            throw new LayerFormatException("invalid image archive: bad digest \"" + digest + "\"");
        }
        return "blobs/sha256/" + Digests.hex(digest);
    }

    private static JsonNode json(byte[] data, String what) {
        try {
            JsonNode n = Json.MAPPER.readTree(data);
            if (n == null) {
                throw new LayerFormatException("invalid image archive: " + what + " is empty");
            }
            return n;
        } catch (IOException e) {
            throw new LayerFormatException("invalid image archive: " + what + ": " + e.getMessage(), e);
        }
    }
}
