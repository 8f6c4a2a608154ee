package dev.berth.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.berth.image.Image;
import dev.berth.image.ImageDeleteItem;
import dev.berth.image.ImagePruneResult;
import dev.berth.mount.ApiVersion;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Writes images in Docker 28's wire shapes, field for field in Go's order: {@code ImageSummary} lists,
 * {@code ImageInspect}, delete results, the prune report and history, with the differences older API versions
 * see. Docker reports no container counts or shared sizes unless asked, so those are {@code -1}.
 * Stateless and thread-safe.
 */
public final class ImageWire {

    private static final ApiVersion V1_43 = new ApiVersion(1, 43);
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ImageWire() {
    }

    /** How the layers of an image are stored, for {@code GraphDriver}. {@code data} may be null. */
    public record GraphDriver(String name, Map<String, String> data) {
    }

    /** {@code GET /images/json}. */
    public static byte[] summaries(List<Image> images, ApiVersion v) {
        return summaries(images, v, id -> -1, id -> -1);
    }

    /**
     * Summaries with the number of containers using each image and its shared size by image ID ({@code -1} = not
     * counted, as in lists unless asked).
     */
    public static byte[] summaries(List<Image> images, ApiVersion v, java.util.function.ToIntFunction<String> containers,
                                   java.util.function.ToLongFunction<String> sharedSize) {
        boolean none = v.isBefore(V1_43);
        boolean virtualSize = v.isBefore(ApiVersion.V1_44);
        return ImageJson.write(false, g -> {
            g.writeStartArray();
            for (Image i : images) {
                List<String> tags = i.repoTags();
                List<String> digests = i.repoDigests();
                if (none && tags.isEmpty() && digests.isEmpty()) {
                    tags = List.of("<none>:<none>");
                    digests = List.of("<none>@<none>");
                }
                g.writeStartObject();
                g.writeNumberField("Containers", containers.applyAsInt(i.id()));
                g.writeNumberField("Created", i.created() == null ? 0 : i.created().getEpochSecond());
                g.writeStringField("Id", i.id());
                ImageJson.stringMap(g, "Labels", i.config().labels().isEmpty() ? null : i.config().labels());
                g.writeStringField("ParentId", i.parent());
                ImageJson.strings(g, "RepoDigests", digests);
                ImageJson.strings(g, "RepoTags", tags);
                g.writeNumberField("SharedSize", sharedSize.applyAsLong(i.id()));
                g.writeNumberField("Size", i.size());
                if (virtualSize && i.size() != 0) {
                    g.writeNumberField("VirtualSize", i.size());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * {@code GET /images/{name}/json}. Docker 28 builds this answer by merging the image config into a map, which
     * escapes HTML characters, sorts the {@code Config} keys and moves {@code Config} to the end; so does this.
     */
    public static byte[] inspect(Image i, GraphDriver driver, ApiVersion v) {
        return ImageJson.write(true, g -> {
            g.writeStartObject();
            g.writeStringField("Id", i.id());
            ImageJson.strings(g, "RepoTags", i.repoTags());
            ImageJson.strings(g, "RepoDigests", i.repoDigests());
            g.writeStringField("Parent", i.parent());
            g.writeStringField("Comment", i.comment() == null ? "" : i.comment());
            if (i.created() != null) {
                g.writeStringField("Created", utcNano(i.created()));
            } else if (v.isBefore(ApiVersion.V1_44)) {
                g.writeStringField("Created", ZERO_TIME);
            }
            if (v.isBefore(ApiVersion.V1_45)) {
                g.writeFieldName("ContainerConfig");
                ImageConfigWire.writeEmptyContainerConfig(g);
            }
            g.writeStringField("DockerVersion", nullToEmpty(i.dockerVersion()));
            g.writeStringField("Author", nullToEmpty(i.author()));
            g.writeStringField("Architecture", nullToEmpty(i.architecture()));
            if (i.variant() != null && !i.variant().isEmpty()) {
                g.writeStringField("Variant", i.variant());
            }
            g.writeStringField("Os", nullToEmpty(i.os()));
            if (i.osVersion() != null && !i.osVersion().isEmpty()) {
                g.writeStringField("OsVersion", i.osVersion());
            }
            g.writeNumberField("Size", i.size());
            if (v.isBefore(ApiVersion.V1_44) && i.size() != 0) {
                g.writeNumberField("VirtualSize", i.size());
            }
            g.writeObjectFieldStart("GraphDriver");
            ImageJson.stringMap(g, "Data", driver.data());
            g.writeStringField("Name", driver.name());
            g.writeEndObject();
            g.writeObjectFieldStart("RootFS");
            g.writeStringField("Type", "layers");
            if (!i.diffIds().isEmpty()) {
                ImageJson.strings(g, "Layers", i.diffIds());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("Metadata");
            g.writeStringField("LastTagTime", i.lastTagTime() == null ? ZERO_TIME : Rfc3339.nanos(i.lastTagTime()));
            g.writeEndObject();
            g.writeFieldName("Config");
            ImageConfigWire.write(g, i.config(), v);
            g.writeEndObject();
        });
    }

    /** {@code DELETE /images/{name}}: {@code [{"Untagged":..},{"Deleted":..}]}. */
    public static byte[] deleted(List<ImageDeleteItem> items) {
        return ImageJson.write(false, g -> writeDeleted(g, items));
    }

    /** {@code POST /images/prune}: {@code ImagesDeleted} is null when nothing went, as Go's nil slice. */
    public static byte[] prune(ImagePruneResult r) {
        return ImageJson.write(false, g -> {
            g.writeStartObject();
            g.writeFieldName("ImagesDeleted");
            if (r.deleted().isEmpty()) {
                g.writeNull();
            } else {
                writeDeleted(g, r.deleted());
            }
            g.writeNumberField("SpaceReclaimed", r.spaceReclaimed());
            g.writeEndObject();
        });
    }

    /**
     * {@code GET /images/{name}/history}, from what the store knows: one entry for the image itself (its ID, tags,
     * creation time, comment and size). That is exactly Docker's answer for an imported image; for a loaded
     * multi-layer image Docker lists one entry per history step.
     */
    public static byte[] history(Image i) {
        return ImageJson.write(false, g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("Comment", i.comment() == null ? "" : i.comment());
            g.writeNumberField("Created", i.created() == null ? 0 : i.created().getEpochSecond());
            g.writeStringField("CreatedBy", "");
            g.writeStringField("Id", i.id());
            g.writeNumberField("Size", i.size());
            ImageJson.strings(g, "Tags", i.repoTags().isEmpty() ? null : i.repoTags());
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private static void writeDeleted(JsonGenerator g, List<ImageDeleteItem> items) throws IOException {
        g.writeStartArray();
        for (ImageDeleteItem item : items) {
            g.writeStartObject();
            switch (item) {
                case ImageDeleteItem.Untagged u -> g.writeStringField("Untagged", u.reference());
                case ImageDeleteItem.Deleted d -> g.writeStringField("Deleted", d.id());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Go's {@code time.RFC3339Nano} of a UTC time, as image configs store {@code created}. */
    static String utcNano(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        b.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                d.getHour(), d.getMinute(), d.getSecond()));
        if (t.getNano() > 0) {
            String digits = Integer.toString(t.getNano() + 1_000_000_000).substring(1);
            b.append('.').append(digits.replaceFirst("0+$", ""));
        }
        return b.append('Z').toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
