package dev.berth.mount;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges tmpfs mount options like moby/sys {@code MergeTmpfsOptions} (§3.6, §4.8): the last option of each flag
 * group (ro/rw, exec/noexec, the propagation modes, ...) and of each data key ({@code size}, {@code mode},
 * {@code uid}, {@code gid}, {@code nr_inodes}, {@code nr_blocks}, {@code mpol}) wins, keeping the position of
 * that last occurrence; {@code defaults} is dropped; anything else is rejected. Stateless and thread-safe.
 */
public final class TmpfsOptionMerger {

    /** The mount(2) flag an fstab option sets or clears; options of one group override each other. */
    private enum FlagGroup { RDONLY, NOSUID, NODEV, NOEXEC, SYNC, DIRSYNC, REMOUNT, MAND, NOATIME, NODIRATIME,
        PROPAGATION, RELATIME, STRICTATIME }

    private static final Map<String, FlagGroup> FLAGS = Map.ofEntries(
            Map.entry("ro", FlagGroup.RDONLY), Map.entry("rw", FlagGroup.RDONLY),
            Map.entry("suid", FlagGroup.NOSUID), Map.entry("nosuid", FlagGroup.NOSUID),
            Map.entry("dev", FlagGroup.NODEV), Map.entry("nodev", FlagGroup.NODEV),
            Map.entry("exec", FlagGroup.NOEXEC), Map.entry("noexec", FlagGroup.NOEXEC),
            Map.entry("sync", FlagGroup.SYNC), Map.entry("async", FlagGroup.SYNC),
            Map.entry("dirsync", FlagGroup.DIRSYNC),
            Map.entry("remount", FlagGroup.REMOUNT),
            Map.entry("mand", FlagGroup.MAND), Map.entry("nomand", FlagGroup.MAND),
            Map.entry("atime", FlagGroup.NOATIME), Map.entry("noatime", FlagGroup.NOATIME),
            Map.entry("diratime", FlagGroup.NODIRATIME), Map.entry("nodiratime", FlagGroup.NODIRATIME),
            // moby/sys keeps a single propagation slot, and bind/rbind share it.
            Map.entry("bind", FlagGroup.PROPAGATION), Map.entry("rbind", FlagGroup.PROPAGATION),
            Map.entry("unbindable", FlagGroup.PROPAGATION), Map.entry("runbindable", FlagGroup.PROPAGATION),
            Map.entry("private", FlagGroup.PROPAGATION), Map.entry("rprivate", FlagGroup.PROPAGATION),
            Map.entry("shared", FlagGroup.PROPAGATION), Map.entry("rshared", FlagGroup.PROPAGATION),
            Map.entry("slave", FlagGroup.PROPAGATION), Map.entry("rslave", FlagGroup.PROPAGATION),
            Map.entry("relatime", FlagGroup.RELATIME), Map.entry("norelatime", FlagGroup.RELATIME),
            Map.entry("strictatime", FlagGroup.STRICTATIME), Map.entry("nostrictatime", FlagGroup.STRICTATIME));

    // The empty key is in moby/sys's table too, so "=x" passes as data.
    private static final Set<String> DATA_KEYS =
            Set.of("", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol");

    private TmpfsOptionMerger() {
    }

    /**
     * Merges {@code defaults} followed by the comma-separated {@code userOptions} ({@code ""} = none).
     * Throws {@code invalid tmpfs option "<key>"} for an unknown option.
     */
    public static List<String> merge(List<String> defaults, String userOptions) {
        List<String> all = new ArrayList<>(defaults);
        if (userOptions != null && !userOptions.isEmpty()) {
            all.addAll(List.of(userOptions.split(",", -1)));
        }
        return merge(all);
    }

    /** Merges an already split option list. */
    public static List<String> merge(List<String> options) {
        Set<FlagGroup> seenFlags = EnumSet.noneOf(FlagGroup.class);
        Set<String> seenKeys = new HashSet<>();
        Deque<String> merged = new ArrayDeque<>();
        for (int i = options.size() - 1; i >= 0; i--) {
            String option = options.get(i);
            if (option.equals("defaults")) {
                continue;
            }
            FlagGroup group = FLAGS.get(option);
            if (group != null) {
                if (seenFlags.add(group)) {
                    merged.addFirst(option);
                }
                continue;
            }
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (eq < 0 || !DATA_KEYS.contains(key)) {
                throw MountErrors.invalidTmpfsOption(key);
            }
            if (seenKeys.add(key)) {
                merged.addFirst(option);
            }
        }
        return List.copyOf(merged);
    }
}
