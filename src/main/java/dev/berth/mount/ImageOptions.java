package dev.berth.mount;

/** {@code Mount.ImageOptions}: an optional subpath of the image to mount. Immutable and thread-safe. */
public record ImageOptions(String subpath) {

    public ImageOptions {
        subpath = subpath == null ? "" : subpath;
    }
}
