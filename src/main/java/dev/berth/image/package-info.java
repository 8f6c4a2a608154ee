/**
 * The image store: references and tags, content-addressed configs, layers unpacked once per chain ID, docker
 * import/load/save, and the overlay root filesystems of containers built from an image's layers.
 * Imports only {@code errors}, {@code store}, {@code json} and {@code sys}; never {@code api}, {@code container} or Netty.
 * Vocabulary: an image ID is the sha256 of its config bytes; a diff ID is the sha256 of a layer's uncompressed tar;
 * a chain ID names a layer stacked on its parents; a reference is {@code [domain/]path[:tag][@digest]}.
 */
package dev.berth.image;
