package dev.berth.archive;

import java.util.HashMap;
import java.util.Map;

/**
 * The hard links of one tar being written: a file with more than one link goes in once, under the first name it is
 * met by; later names become link entries to it. Not thread-safe; one per archive.
 */
public final class HardLinks {

    private final Map<String, String> firstNames = new HashMap<>();

    /**
     * The name the file (device {@code dev}, inode {@code ino}) was first written under, or null when it is written
     * now, as {@code name} (always for a file with one link).
     */
    public String earlierName(long dev, long ino, long nlink, String name) {
        return nlink > 1 ? firstNames.putIfAbsent(dev + ":" + ino, name) : null;
    }
}
