package dev.berth.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Mounts through mount(8) for filesystems whose mount needs a userspace helper: FUSE types (sshfs, GlusterFS, s3fs)
 * always, and any other type whose {@code mount.<type>} helper is installed (nfs-common's mount.nfs, cifs-utils'
 * mount.cifs). Everything else, NFS and CIFS without their helper included, goes straight to
 * {@link LinuxMount#mount}, as Docker's local driver does. This is the one place berth runs mount(8). Stateless
 * and thread-safe.
 */
public final class MountHelper {
    private static final Logger LOG = LoggerFactory.getLogger(MountHelper.class);
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String MOUNT = "/bin/mount";
    /** FUSE filesystems under their own names: the kernel cannot mount them, so mount(8) must. */
    private static final Set<String> FUSE_TYPES = Set.of("sshfs", "glusterfs", "s3fs");
    private static final List<Path> HELPER_DIRS = List.of(Path.of("/sbin"), Path.of("/usr/sbin"));
    private static final Pattern PASSWORD = Pattern.compile("(?<![A-Za-z0-9_])(password|pass)=[^,\\s]*");

    private MountHelper() {
    }

    /**
     * Runs {@code mount -t <fsType> [-o <options>] <device> <target>} and waits up to 60 s. A non-zero exit
     * becomes a {@link MountHelperException} carrying mount(8)'s output (stdout and stderr) with passwords
     * masked; on timeout mount(8) is killed.
     */
    public static void mount(String fsType, String device, Path target, String options)
            throws MountHelperException {
        List<String> command = new ArrayList<>(List.of(MOUNT, "-t", fsType));
        if (options != null && !options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(device, target.toString()));
        LOG.debug("mounting {} {} on {} through mount(8)", fsType, maskPasswords(device), target);
        run(command, TIMEOUT);
    }

    static void run(List<String> command, Duration timeout) throws MountHelperException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new MountHelperException("cannot run " + command.getFirst() + ": " + e.getMessage(), -1);
        }
        // Drain output concurrently so a chatty helper cannot block on a full pipe.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                task -> Thread.ofVirtual().start(task));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new MountHelperException("mount(8) did not finish within " + timeout.toSeconds() + "s: "
                        + String.join(" ", command), -1);
            }
            int exit = process.exitValue();
            if (exit != 0) {
                String text = output.get().strip();
                throw new MountHelperException(text.isEmpty() ? "mount(8) exited with status " + exit : text, exit);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MountHelperException("interrupted while waiting for mount(8)", -1);
        } catch (ExecutionException e) {
            throw new MountHelperException("cannot read mount(8) output: " + e.getCause().getMessage(), -1);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code fsType} must be mounted through mount(8): {@code fuse}, {@code fuse.*} and the FUSE types
     * (sshfs, glusterfs, s3fs) even when their helper is not installed (mount(8) then says what is missing), and
     * any type with a {@code mount.<type>} helper in /sbin or /usr/sbin. Kernel network filesystems (nfs, nfs4,
     * cifs, smb3) without their helper are not: mount(2) mounts them given an address, which is how Docker mounts
     * them, so Docker's {@code o=addr=...} volumes need no nfs-common or cifs-utils.
     */
    public static boolean needsHelper(String fsType) {
        return needsHelper(fsType, MountHelper::helperInstalled);
    }

    /** {@link #needsHelper(String)} with the question "is mount.TYPE installed?" answered by {@code installed}. */
    public static boolean needsHelper(String fsType, Predicate<String> installed) {
        if (fsType == null || fsType.isEmpty() || fsType.contains("/")) {
            return false;
        }
        if (fsType.equals("fuse") || fsType.startsWith("fuse.") || FUSE_TYPES.contains(fsType)) {
            return true;
        }
        return installed.test(fsType);
    }

    /** Whether an executable {@code mount.<fsType>} is in /sbin or /usr/sbin, where mount(8) looks. */
    static boolean helperInstalled(String fsType) {
        return HELPER_DIRS.stream().anyMatch(dir -> Files.isExecutable(dir.resolve("mount." + fsType)));
    }

    /** Replaces the value of every {@code password=} and {@code pass=} option in {@code text} with asterisks. */
    public static String maskPasswords(String text) {
        return text == null ? null : PASSWORD.matcher(text).replaceAll("$1=********");
    }
}
