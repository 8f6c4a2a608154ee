package dev.berth.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a container's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}, ...)
 * against the image's {@code /etc/passwd} and {@code /etc/group}, read inside the root filesystem so an image's
 * symlinks cannot point the daemon at host files.
 */
final class UserResolver {

    /** The process identity: uid, primary gid, supplementary gids, home directory. */
    record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {
    }

    private UserResolver() {
    }

    static ResolvedUser resolve(Path rootfs, String spec) {
        String userPart = spec == null ? "" : spec;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        List<String[]> passwd = read(rootfs, "etc/passwd");
        List<String[]> groups = read(rootfs, "etc/group");
        int uid = 0;
        int gid = 0;
        String home = "/";
        String userName = null;
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        String[] entry = find(passwd, userPart);
        if (entry != null) {
            userName = entry[0];
            uid = parseInt(entry[2]);
            gid = parseInt(entry[3]);
            home = entry.length > 5 && !entry[5].isEmpty() ? entry[5] : "/";
        } else if (isNumber(userPart)) {
            uid = Integer.parseInt(userPart);
        } else {
            throw new InvalidArgumentException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            String[] g = find(groups, groupPart);
            if (g != null) {
                gid = parseInt(g[2]);
            } else if (isNumber(groupPart)) {
                gid = Integer.parseInt(groupPart);
            } else {
                throw new InvalidArgumentException("unable to find group " + groupPart
                        + ": no matching entries in group file");
            }
        }
        // Docker lists the primary gid first among the additional gids, then the user's member groups.
        Set<Integer> extra = new LinkedHashSet<>();
        extra.add(gid);
        if (userName != null && groupPart == null) {
            for (String[] g : groups) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(userName)) {
                    extra.add(parseInt(g[2]));
                }
            }
        }
        return new ResolvedUser(uid, gid, List.copyOf(extra), home);
    }

    /** The entry whose name (field 0) or id (field 2) is {@code key}; names win. */
    private static String[] find(List<String[]> entries, String key) {
        for (String[] e : entries) {
            if (e[0].equals(key)) {
                return e;
            }
        }
        if (isNumber(key)) {
            for (String[] e : entries) {
                if (e.length > 2 && e[2].equals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The most of /etc/passwd or /etc/group read. */
    private static final int MAX_BYTES = 1 << 20;

    private static List<String[]> read(Path rootfs, String file) {
        List<String[]> out = new ArrayList<>();
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0);
             Fd f = root.openat2(file, Fd.O_RDONLY | Fd.O_NONBLOCK | Fd.O_NOCTTY, 0,
                     Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS)) {
            // The container controls this file: only a regular file is read (a FIFO would block, a device never
            // end), and no more of it than Go's line scanner would take.
            if (!f.fstat().isRegularFile()) {
                throw new InvalidArgumentException("/" + file + " of the container is not a regular file");
            }
            byte[] head;
            try (java.io.InputStream in = Files.newInputStream(Path.of(f.procPath()))) {
                head = in.readNBytes(MAX_BYTES);
            }
            for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split(":", -1);
                    if (parts.length >= 3) {
                        out.add(parts);
                    }
                }
            }
        } catch (ErrnoException e) {
            // No such file in the image: numeric ids still work.
        } catch (IOException e) {
            throw new InvalidArgumentException("read /" + file + " of the image: " + e.getMessage());
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
