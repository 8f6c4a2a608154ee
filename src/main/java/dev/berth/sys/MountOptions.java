package dev.berth.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.berth.sys.LinuxMount.MS_BIND;
import static dev.berth.sys.LinuxMount.MS_DIRSYNC;
import static dev.berth.sys.LinuxMount.MS_MANDLOCK;
import static dev.berth.sys.LinuxMount.MS_NOATIME;
import static dev.berth.sys.LinuxMount.MS_NODEV;
import static dev.berth.sys.LinuxMount.MS_NODIRATIME;
import static dev.berth.sys.LinuxMount.MS_NOEXEC;
import static dev.berth.sys.LinuxMount.MS_NOSUID;
import static dev.berth.sys.LinuxMount.MS_PRIVATE;
import static dev.berth.sys.LinuxMount.MS_RDONLY;
import static dev.berth.sys.LinuxMount.MS_REC;
import static dev.berth.sys.LinuxMount.MS_RELATIME;
import static dev.berth.sys.LinuxMount.MS_REMOUNT;
import static dev.berth.sys.LinuxMount.MS_SHARED;
import static dev.berth.sys.LinuxMount.MS_SLAVE;
import static dev.berth.sys.LinuxMount.MS_STRICTATIME;
import static dev.berth.sys.LinuxMount.MS_SYNCHRONOUS;
import static dev.berth.sys.LinuxMount.MS_UNBINDABLE;

/**
 * Mount flags and filesystem data split out of an fstab-style option string, the way Docker's local volume
 * driver splits its {@code o=} option (moby/sys {@code mount} parseOptions): a token from the fstab flag table
 * sets or clears its flags, in order, so {@code "ro,rw"} ends read-write; every other token is kept, in order
 * and comma-joined, as {@code data} for the filesystem. Tokens outside Docker's table ({@code nosymfollow},
 * {@code lazytime}, ...) are data, as they are in Docker. One deliberate difference: {@code defaults} is
 * consumed (Docker passes it on as data, where the kernel rejects it with EINVAL). Immutable and thread-safe.
 */
public record MountOptions(long flags, String data) {

    private record Flag(boolean clear, long bits) {
    }

    private static final Map<String, Flag> TABLE = Map.ofEntries(
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)),
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("unbindable", new Flag(false, MS_UNBINDABLE)),
            Map.entry("runbindable", new Flag(false, MS_UNBINDABLE | MS_REC)),
            Map.entry("private", new Flag(false, MS_PRIVATE)),
            Map.entry("rprivate", new Flag(false, MS_PRIVATE | MS_REC)),
            Map.entry("shared", new Flag(false, MS_SHARED)),
            Map.entry("rshared", new Flag(false, MS_SHARED | MS_REC)),
            Map.entry("slave", new Flag(false, MS_SLAVE)),
            Map.entry("rslave", new Flag(false, MS_SLAVE | MS_REC)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)));

    public MountOptions {
        data = data == null ? "" : data;
    }

    /**
     * Splits {@code options} (null or empty gives no flags and no data). Empty tokens ({@code "a,,b"}) are
     * dropped rather than handed to the filesystem as empty options.
     */
    public static MountOptions parse(String options) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        if (options != null) {
            for (String token : options.split(",")) {
                Flag flag = TABLE.get(token);
                if (flag != null) {
                    flags = flag.clear() ? flags & ~flag.bits() : flags | flag.bits();
                } else if (!token.isEmpty()) {
                    data.add(token);
                }
            }
        }
        return new MountOptions(flags, String.join(",", data));
    }

    /** Whether {@code option} is a flag of the fstab table (and so never part of data). */
    public static boolean isFlag(String option) {
        return TABLE.containsKey(option);
    }
}
