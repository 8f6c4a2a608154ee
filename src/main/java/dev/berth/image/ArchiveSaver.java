package dev.berth.image;

import dev.berth.archive.TarWriter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.Json;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker save}: writes the images as one tar in the layout Docker 25+ writes, which every Docker since 1.10
 * loads: {@code blobs/sha256/} holds uncompressed layer tars (rebuilt byte for byte from tar-split, so their digests
 * are the diff IDs), configs and OCI manifests; {@code manifest.json} and {@code repositories} serve the classic
 * loader, {@code index.json} and {@code oci-layout} OCI tools. Streams; nothing is staged. Not thread-safe.
 */
final class ArchiveSaver {

    /** One image to write and the familiar tags to record for it. */
    record Selection(ImageIndex.Entry image, List<ImageReference> refs) {}

    private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
    private static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final LayerStore layers;
    private final BlobStore blobs;

    ArchiveSaver(LayerStore layers, BlobStore blobs) {
        this.layers = layers;
        this.blobs = blobs;
    }

    void save(List<Selection> selections, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        dir(tar, "blobs/");
        dir(tar, "blobs/sha256/");
        Set<String> written = new HashSet<>();
        ArrayNode manifestJson = F.arrayNode();
        ArrayNode indexManifests = F.arrayNode();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (Selection s : selections) {
            ImageIndex.Entry image = s.image();
            long mtime = image.doc().created() == null ? 0 : image.doc().created().getEpochSecond();
            ArrayNode manifestLayers = F.arrayNode();
            ArrayNode layerPaths = F.arrayNode();
            for (int i = 0; i < image.chainIds().size(); i++) {
                LayerStore.Layer layer = layers.get(image.chainIds().get(i));
                if (layer == null) {
                    throw new IOException("layer " + image.chainIds().get(i) + " of image " + image.id()
                            + " is missing");
                }
                String path = ArchiveManifests.blobPath(layer.diffId());
                if (written.add(path)) {
                    writeLayer(tar, path, layer, mtime);
                }
                layerPaths.add(path);
                manifestLayers.add(descriptor(LAYER_MEDIA_TYPE, layer.diffId(), layer.tarSize()));
            }
            byte[] config = blobs.get(image.id());
            if (config == null) {
                throw new IOException("config of image " + image.id() + " is missing or corrupt");
            }
            String configPath = ArchiveManifests.blobPath(image.id());
            if (written.add(configPath)) {
                file(tar, configPath, config, mtime);
            }
            ObjectNode manifest = F.objectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
            manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, image.id(), config.length));
            manifest.set("layers", manifestLayers);
            byte[] manifestBytes = Json.MAPPER.writeValueAsBytes(manifest);
            String manifestDigest = Digests.of(manifestBytes);
            String manifestPath = ArchiveManifests.blobPath(manifestDigest);
            if (written.add(manifestPath)) {
                file(tar, manifestPath, manifestBytes, 0);
            }

            ObjectNode item = F.objectNode();
            item.put("Config", configPath);
            if (s.refs().isEmpty()) {
                item.putNull("RepoTags");
                indexManifests.add(descriptor(MANIFEST_MEDIA_TYPE, manifestDigest, manifestBytes.length));
            } else {
                ArrayNode repoTags = item.putArray("RepoTags");
                for (ImageReference ref : s.refs()) {
                    repoTags.add(ref.familiarString());
                    ObjectNode d = descriptor(MANIFEST_MEDIA_TYPE, manifestDigest, manifestBytes.length);
                    ObjectNode annotations = d.putObject("annotations");
                    annotations.put("io.containerd.image.name", ref.toString());
                    annotations.put("org.opencontainers.image.ref.name", ref.tag());
                    indexManifests.add(d);
                    if (!image.doc().diffIds().isEmpty()) {
                        repositories.computeIfAbsent(ref.familiarName(), k -> new LinkedHashMap<>())
                                .put(ref.tag(), Digests.hex(image.doc().diffIds().getLast()));
                    }
                }
            }
            item.set("Layers", layerPaths);
            manifestJson.add(item);
        }
        ObjectNode index = F.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX_MEDIA_TYPE);
        index.set("manifests", indexManifests);
        file(tar, "index.json", Json.MAPPER.writeValueAsBytes(index), 0);
        file(tar, "manifest.json", (Json.MAPPER.writeValueAsString(manifestJson) + "\n")
                .getBytes(StandardCharsets.UTF_8), 0);
        file(tar, "oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0);
        if (!repositories.isEmpty()) {
            file(tar, "repositories", (Json.MAPPER.writeValueAsString(repositories) + "\n")
                    .getBytes(StandardCharsets.UTF_8), 0);
        }
        tar.finish();
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = F.objectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static void dir(TarWriter tar, String name) throws IOException {
        tar.writeHeader(new TarWriter.Header(name, TarWriter.DIR, 0755, 0, 0, 0, 0, "", 0, 0, null));
    }

    private static void file(TarWriter tar, String name, byte[] data, long mtime) throws IOException {
        tar.writeEntry(new TarWriter.Header(name, TarWriter.REG, 0644, 0, 0, data.length, mtime, "", 0, 0, null),
                new ByteArrayInputStream(data));
    }

    /** Rebuilds the layer's original tar into the archive and checks it still hashes to the diff ID. */
    private void writeLayer(TarWriter tar, String path, LayerStore.Layer layer, long mtime) throws IOException {
        tar.writeHeader(new TarWriter.Header(path, TarWriter.REG, 0644, 0, 0, layer.tarSize(), mtime, "", 0, 0,
                null));
        MessageDigest digest = Digests.sha256();
        OutputStream entry = new FilterOutputStream(null) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                digest.update(b, off, len);
                tar.write(b, off, len);
            }
        };
        long n = TarSplitReader.assemble(layer.dir(), entry);
        String actual = Digests.format(digest.digest());
        if (n != layer.tarSize() || !actual.equals(layer.diffId())) {
            throw new IOException("layer " + layer.chainId() + " changed on disk: its tar hashes to " + actual
                    + ", not " + layer.diffId());
        }
    }
}
