package dev.berth.image;

import dev.berth.sys.FileSys;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Docker's per-container init layer, stacked between the image and the container's upper dir: {@code /.dockerenv}
 * (programs test for it), mount targets the runtime binds over ({@code /etc/hosts}, {@code /etc/hostname},
 * {@code /etc/resolv.conf}, {@code /dev/console}), {@code /dev/pts}, {@code /dev/shm}, {@code /proc}, {@code /sys}
 * and {@code /etc/mtab -> /proc/mounts}. Files are empty, mode 0755, owned by root, as Docker makes them.
 * Stateless and thread-safe.
 */
final class InitLayer {

    private static final String[] DIRS = {"dev/pts", "dev/shm", "proc", "sys"};
    private static final String[] FILES = {".dockerenv", "etc/resolv.conf", "etc/hosts", "etc/hostname",
        "dev/console"};

    private InitLayer() {
    }

    static void create(Path init) throws IOException {
        mkdirs(init, "");
        for (String d : DIRS) {
            mkdirs(init, d);
        }
        for (String f : FILES) {
            mkdirs(init, EntryNames.parent(f));
            Path p = init.resolve(f);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(p);
                FileSys.chmod(p, 0755);
            }
        }
        mkdirs(init, "etc");
        try {
            Files.createSymbolicLink(init.resolve("etc/mtab"), Path.of("/proc/mounts"));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier create of the same container
        }
    }

    private static void mkdirs(Path init, String rel) throws IOException {
        Path p = init;
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(p);
            FileSys.chmod(p, 0755);
        }
        if (rel.isEmpty()) {
            return;
        }
        for (String part : rel.split("/")) {
            p = p.resolve(part);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
                FileSys.chmod(p, 0755);
            }
        }
    }
}
