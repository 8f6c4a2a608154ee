/**
 * Tar streams shared by the image store ({@code docker save}, {@code export}, layers), the container archive API
 * ({@code docker cp}) and volume export/import: a view of a tree whose paths cannot escape it, its stat, tar and
 * extraction, a streaming tar writer with binary xattrs, PAX xattr records read byte for byte, and the
 * decompression Docker applies to uploaded archives. Imports only berth's error types, syscalls and Go texts.
 */
package dev.berth.archive;
