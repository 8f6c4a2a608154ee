/**
 * Thin Linux syscall bindings over {@code java.lang.foreign} (no JNI): mounts, mountinfo, file metadata, xattrs,
 * openat2 path resolution, seqpacket sockets, project quotas; and {@link dev.berth.sys.Trees}, the one recursive
 * deletion berth uses, which never follows a symlink or crosses a mount. Failures are {@link dev.berth.sys.ErrnoException}
 * (errno + syscall + path); callers decide what an errno means. This package imports nothing of berth's.
 * Struct layouts and constants are those of x86_64 Linux with glibc 2.33+ (for the lstat/fstat/mknod symbols);
 * other architectures are not supported. Vocabulary: "flags" are mount(2) MS_* bits, "data" the filesystem's
 * own comma-separated options, "propagation" one of shared/slave/private/unbindable.
 */
package dev.berth.sys;
