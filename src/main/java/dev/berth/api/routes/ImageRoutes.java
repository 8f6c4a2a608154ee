package dev.berth.api.routes;

import dev.berth.api.ErrorMapper;
import dev.berth.api.Exchange;
import dev.berth.api.ResponseStream;
import dev.berth.api.Route.Mode;
import dev.berth.api.Router;
import dev.berth.api.wire.ImageLazyStream;
import dev.berth.api.wire.ImageWire;
import dev.berth.errors.ForbiddenException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.UnavailableException;
import dev.berth.filter.FilterArgs;
import dev.berth.image.Image;
import dev.berth.image.ImageListOptions;
import dev.berth.image.ImageReference;
import dev.berth.image.ImageService;
import dev.berth.image.ImportOptions;
import dev.berth.image.LayerUsage;
import dev.berth.mount.ApiVersion;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /images} routes: translate wire ⇄ {@link ImageService} calls. Routes whose path continues after an image
 * name that may contain slashes ({@code /images/{name:.*}/json}, {@code /get}, {@code /history}, {@code /tag}) are
 * registered as {@code /images/{name:.*}} and told apart by their last segment, because the router's rest-of-path
 * variable cannot be followed by a literal. Berth cannot pull or push yet: those answer a clear error before any
 * progress is streamed, as Docker does when the registry cannot be reached.
 */
public final class ImageRoutes {

    private static final ApiVersion V1_32 = new ApiVersion(1, 32);
    private static final ApiVersion V1_41 = new ApiVersion(1, 41);
    private static final String JSON = "application/json";
    private static final String TAR = "application/x-tar";

    private final ImageService images;

    public ImageRoutes(ImageService images) {
        this.images = images;
    }

    public void register(Router r) {
        r.post("/images/create", Mode.STREAMING_BODY, this::create);
        r.post("/images/load", Mode.STREAMING_BODY, this::load);
        r.post("/images/prune", Mode.BLOCKING, this::prune);
        r.get("/images/json", Mode.BLOCKING, this::list);
        r.get("/images/get", Mode.BLOCKING, ex -> save(ex, ex.queryAll("names")));
        r.get("/images/{name:.*}", Mode.BLOCKING, this::getByName);
        r.post("/images/{name:.*}", Mode.BLOCKING, this::postByName);
        r.delete("/images/{name:.*}", Mode.BLOCKING, this::remove);
    }

    private void getByName(Exchange ex) throws IOException {
        String path = ex.path("name");
        if (path.endsWith("/json")) {
            inspect(ex, strip(path, "/json"));
        } else if (path.endsWith("/get")) {
            save(ex, List.of(strip(path, "/get")));
        } else if (path.endsWith("/history")) {
            ex.jsonBytes(HttpResponseStatus.OK, ImageWire.history(images.inspect(strip(path, "/history"))));
        } else {
            throw new NotFoundException("page not found");
        }
    }

    private void postByName(Exchange ex) {
        String path = ex.path("name");
        if (path.endsWith("/tag")) {
            images.tag(strip(path, "/tag"), ex.query("repo"), ex.query("tag"));
            ex.status(HttpResponseStatus.CREATED);
        } else if (path.endsWith("/push")) {
            String name = strip(path, "/push");
            String tag = ex.query("tag");
            throw new UnavailableException("berth cannot push " + name + (tag == null || tag.isEmpty() ? "" : ":" + tag)
                    + ": pushing to registries is not supported yet");
        } else {
            throw new NotFoundException("page not found");
        }
    }

    private void list(Exchange ex) {
        FilterArgs filters = ex.filters();
        String legacy = ex.query("filter");
        if (ex.version().isBefore(V1_41) && legacy != null && !legacy.isEmpty()) {
            // Before API 1.41 a glob on repository names could come as "filter"; it means a reference filter.
            filters = filters.with("reference", legacy);
        }
        List<Image> list = images.list(new ImageListOptions(ex.queryBool("all"), lists(filters)));
        if (!ex.version().isBefore(ApiVersion.V1_42) && ex.queryBool("shared-size")) {
            // "shared-size" (API 1.42) asks for what df reports: bytes of layers other images stack too.
            LayerUsage usage = images.layerUsage();
            ex.jsonBytes(HttpResponseStatus.OK, ImageWire.summaries(list, ex.version(), id -> -1, usage::sharedSize));
            return;
        }
        ex.jsonBytes(HttpResponseStatus.OK, ImageWire.summaries(list, ex.version()));
    }

    private void inspect(Exchange ex, String name) {
        if (!ex.version().isBefore(ApiVersion.V1_48) && ex.queryBool("manifests")
                && !nullOrEmpty(ex.query("platform"))) {
            throw new InvalidArgumentException(
                    "conflicting options: manifests and platform options cannot both be set");
        }
        Image image = images.inspect(name);
        ImageWire.GraphDriver driver = graphDriver(images.layerPaths(image.id()));
        ex.jsonBytes(HttpResponseStatus.OK, ImageWire.inspect(image, driver, ex.version()));
    }

    /** Overlay-style paths of the image's layers: the top layer's diff as upper, the others (nearest first) lower. */
    static ImageWire.GraphDriver graphDriver(List<Path> layers) {
        if (layers.isEmpty()) {
            return new ImageWire.GraphDriver("overlayfs", null);
        }
        Map<String, String> data = new LinkedHashMap<>();
        List<String> lower = new ArrayList<>();
        for (int i = layers.size() - 2; i >= 0; i--) {
            lower.add(layers.get(i).toString());
        }
        if (!lower.isEmpty()) {
            data.put("LowerDir", String.join(":", lower));
        }
        data.put("UpperDir", layers.getLast().toString());
        return new ImageWire.GraphDriver("overlayfs", data);
    }

    private void remove(Exchange ex) {
        String name = ex.path("name");
        if (name.isBlank()) {
            throw new InvalidArgumentException("image name cannot be blank");
        }
        ex.jsonBytes(HttpResponseStatus.OK,
                ImageWire.deleted(images.remove(name, ex.queryBool("force"), ex.queryBool("noprune"))));
    }

    private void prune(Exchange ex) {
        ex.jsonBytes(HttpResponseStatus.OK, ImageWire.prune(images.prune(lists(ex.filters()))));
    }

    /** {@code POST /images/create}: import from the body ({@code fromSrc=-}) or pull ({@code fromImage}). */
    private void create(Exchange ex) throws IOException {
        String fromImage = ex.query("fromImage");
        if (!nullOrEmpty(fromImage)) {
            throw pullUnsupported(fromImage, ex.query("tag"));
        }
        String src = ex.query("fromSrc");
        if (!"-".equals(src)) {
            throw new InvalidArgumentException(nullOrEmpty(src)
                    ? "either fromImage or fromSrc=- is required"
                    : "berth cannot import from " + src + ": only fromSrc=- (the request body) is supported");
        }
        ImportOptions options = new ImportOptions(ex.query("repo"), ex.query("tag"), ex.query("message"),
                ex.queryAll("changes"), ex.version().isBefore(V1_32) ? "" : ex.query("platform"));
        ImageLazyStream out = new ImageLazyStream(() -> ex.stream(HttpResponseStatus.OK, JSON));
        try {
            images.importImage(ex.bodyStream(), options, out::progress);
        } catch (RuntimeException e) {
            failed(out, e);
            return;
        }
        out.close();
    }

    /** {@code POST /images/load}: quiet unless {@code quiet} is given and false, as Docker defaults it. */
    private void load(Exchange ex) throws IOException {
        boolean quiet = !ex.hasQuery("quiet") || ex.queryBool("quiet");
        ImageLazyStream out = new ImageLazyStream(() -> ex.stream(HttpResponseStatus.OK, JSON));
        try {
            images.load(ex.bodyStream(), quiet, out::progress);
        } catch (RuntimeException e) {
            failed(out, e);
            return;
        }
        out.close();
    }

    /** {@code GET /images/get} and {@code /images/{name}/get}: the archive, opened only once names resolved. */
    private void save(Exchange ex, List<String> names) throws IOException {
        ImageLazyStream out = new ImageLazyStream(() -> ex.stream(HttpResponseStatus.OK, TAR));
        try {
            images.save(names, out);
        } catch (RuntimeException e) {
            failed(out, e);
            return;
        }
        out.close();
    }

    /**
     * A failure before the answer started is an ordinary HTTP error; after, Docker writes it into the stream as a
     * JSON error message and ends the response. A client that went away gets nothing.
     */
    private static void failed(ImageLazyStream out, RuntimeException e) throws IOException {
        if (!out.started()) {
            throw e;
        }
        if (clientGone(e)) {
            out.close();
            return;
        }
        out.error(ErrorMapper.map(e).message());
    }

    private static boolean clientGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseStream.ClientGoneException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Berth has no registry client. Docker answers an unreachable registry with an error before any progress, so
     * {@code docker pull} prints it and {@code docker run} prints it after "Unable to find image ... locally";
     * 503 (not 500) so that clients which retry server errors (Testcontainers) fail at once.
     */
    static RuntimeException pullUnsupported(String image, String tag) {
        String name = image.endsWith(":") ? image.substring(0, image.length() - 1) : image;
        ImageReference ref = ImageReference.parse(name);
        String wanted;
        if (nullOrEmpty(tag)) {
            wanted = ref.familiarString();
        } else if (tag.contains(":")) {
            wanted = ImageReference.parse(ref.name() + "@" + tag).familiarString();
        } else {
            wanted = ref.withTag(tag).familiarString();
        }
        if (ref.familiarName().equals("scratch")) {
            return new ForbiddenException("'scratch' is a reserved name");
        }
        return new UnavailableException("berth cannot pull " + wanted
                + ": pulling from registries is not supported yet; add the image with docker load or docker import");
    }

    private static Map<String, List<String>> lists(FilterArgs f) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        f.args().forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    private static String strip(String path, String suffix) {
        return path.substring(0, path.length() - suffix.length());
    }

    private static boolean nullOrEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
