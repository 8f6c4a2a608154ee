/**
 * Tar streams shared by the image store ({@code docker save}, {@code export}, layers) and the container archive API
 * ({@code docker cp}): a streaming tar writer with binary xattrs, PAX xattr records read byte for byte, and the
 * decompression Docker applies to uploaded archives. Imports nothing of berth's but its error types.
 */
package dev.berth.archive;
