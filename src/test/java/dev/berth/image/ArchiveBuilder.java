package dev.berth.image;

import dev.berth.archive.TarWriter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Builds {@code docker save} archives in the classic layout (layer dirs, config json, manifest.json) for tests. */
final class ArchiveBuilder {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ArchiveBuilder() {
    }

    /** The config an archive built from {@code layers} carries; its sha256 is the image ID. */
    static byte[] config(List<byte[]> layers, String created, String cmd) {
        ObjectNode root = F.objectNode();
        root.put("architecture", "amd64");
        root.put("os", "linux");
        root.put("created", created);
        ObjectNode config = root.putObject("config");
        config.putArray("Cmd").add(cmd);
        config.putArray("Env").add("PATH=/bin");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(Digests.of(l)));
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A classic archive of one image; {@code gzipLayers} compresses the layer files as some tools do. */
    static byte[] classic(List<byte[]> layers, List<String> repoTags, byte[] config, boolean gzipLayers) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TarWriter tar = new TarWriter(out);
            ArrayNode layerPaths = F.arrayNode();
            for (int i = 0; i < layers.size(); i++) {
                String dir = "layer" + i + "/";
                dir(tar, dir);
                byte[] data = gzipLayers ? TarBuilder.gzip(layers.get(i)) : layers.get(i);
                file(tar, dir + "layer.tar", data);
                file(tar, dir + "VERSION", "1.0".getBytes());
                layerPaths.add(dir + "layer.tar");
            }
            String configName = Digests.hex(Digests.of(config)) + ".json";
            file(tar, configName, config);
            ObjectNode item = F.objectNode();
            item.put("Config", configName);
            ArrayNode tags = item.putArray("RepoTags");
            repoTags.forEach(tags::add);
            item.set("Layers", layerPaths);
            file(tar, "manifest.json", Json.MAPPER.writeValueAsBytes(F.arrayNode().add(item)));
            tar.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dir(TarWriter tar, String name) throws IOException {
        tar.writeHeader(new TarWriter.Header(name, TarWriter.DIR, 0755, 0, 0, 0, 0, "", 0, 0, null));
    }

    static void file(TarWriter tar, String name, byte[] data) throws IOException {
        tar.writeEntry(new TarWriter.Header(name, TarWriter.REG, 0644, 0, 0, data.length, 0, "", 0, 0, null),
                new ByteArrayInputStream(data));
    }
}
